import 'server-only';
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { assessments, assignments, caseEvents, cases, caseTags, notes, tags, users, type Case, type CaseStatus, type CriterionScore } from '@/db/schema';
import { assertCan, can, type CurrentUser } from '@/lib/authz';
import { listCaseMessages, type CaseMessage } from '@/lib/cases/messages';
import { listCaseDocuments, type CaseDocument } from '@/lib/documents/queries';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/validation/ids';

export type RelatedCase = { id: string; reference: string | null; status: CaseStatus; courtName: string | null; because: ('caseNumber' | 'person' | 'judge')[] };
export type WorkspaceAssessment = {
  id: string;
  reviewerId: string;
  reviewerName: string;
  status: 'draft' | 'submitted';
  scores: Record<string, CriterionScore>;
  strengthScore: number;
  rationale: string | null;
  submittedAt: Date | null;
};
export type WorkspaceEvent = { id: string; type: string; fromStatus: CaseStatus | null; toStatus: CaseStatus | null; actorName: string | null; data: Record<string, unknown>; createdAt: Date };

export type Workspace = {
  row: Case;
  applicant: { name: string; email: string };
  assignment: { reviewerId: string; reviewerName: string; hasNoConflict: boolean; conflictComment: string | null; assignedByName: string | null } | null;
  recommendedByName: string | null;
  documents: CaseDocument[];
  messages: CaseMessage[];
  notes: { id: string; body: string; authorName: string; createdAt: Date }[];
  tags: { id: string; slug: string; kk: string; ru: string; en: string; isOn: boolean }[];
  assessments: WorkspaceAssessment[];
  related: RelatedCase[];
  events: WorkspaceEvent[];
  /** Who a case can be assigned to (for organizers and admins; empty for others). */
  reviewers: { id: string; name: string }[];
  /** What the page may offer this user; the actions check again. */
  may: { claim: boolean; release: boolean; decide: boolean; assess: boolean; confirm: boolean; assign: boolean; declare: boolean };
};

const RELATED_LIMIT = 20;

/**
 * Other cases that may concern the same matter: the same case number in the same court, the
 * same convicted person (name normalized across script and spelling), or the same judge.
 */
export async function findRelatedCases(user: CurrentUser | null, row: Case, db: Db = getDb()): Promise<RelatedCase[]> {
  assertCan(user, 'case.review');
  const sameNumber = row.caseNumber && row.courtName
    ? sql`(lower(${cases.caseNumber}) = lower(${row.caseNumber}) and lower(${cases.courtName}) = lower(${row.courtName}))`
    : sql`false`;
  const samePerson = row.personKey ? sql`${cases.personKey} = ${row.personKey}` : sql`false`;
  const sameJudge = row.judgeName ? sql`lower(${cases.judgeName}) = lower(${row.judgeName})` : sql`false`;
  const found = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      courtName: cases.courtName,
      sameNumber: sql<boolean>`${sameNumber}`,
      samePerson: sql<boolean>`${samePerson}`,
      sameJudge: sql<boolean>`${sameJudge}`,
    })
    .from(cases)
    .where(and(ne(cases.id, row.id), ne(cases.status, 'draft'), or(sameNumber, samePerson, sameJudge)))
    .orderBy(desc(cases.submittedAt))
    .limit(RELATED_LIMIT);
  return found.map((f) => ({
    id: f.id,
    reference: f.reference,
    status: f.status,
    courtName: f.courtName,
    because: [...(f.sameNumber ? (['caseNumber'] as const) : []), ...(f.samePerson ? (['person'] as const) : []), ...(f.sameJudge ? (['judge'] as const) : [])],
  }));
}

/** Everything a reviewer needs on one page. Drafts and unknown ids are NOT_FOUND. */
export async function loadWorkspace(user: CurrentUser | null, caseId: string, db: Db = getDb()): Promise<Workspace> {
  assertCan(user, 'case.review');
  if (!isUuid(caseId)) throw new AppError('NOT_FOUND');
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND');
  assertCan(user, 'case.view', row);

  const assignedBy = sql<string | null>`(select name from ${users} u where u.id = ${assignments.assignedById})`;
  const [applicant, assignment, recommender, documents, messages, noteRows, tagRows, assessmentRows, related, events, reviewers] = await Promise.all([
    db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, row.applicantId)),
    db
      .select({ reviewerId: assignments.reviewerId, reviewerName: users.name, hasNoConflict: assignments.hasNoConflict, conflictComment: assignments.conflictComment, assignedByName: assignedBy })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.reviewerId))
      .where(and(eq(assignments.caseId, caseId), eq(assignments.role, 'primary'), isNull(assignments.releasedAt))),
    row.recommendedById ? db.select({ name: users.name }).from(users).where(eq(users.id, row.recommendedById)) : Promise.resolve([]),
    listCaseDocuments(user, caseId, { db }),
    listCaseMessages(user, caseId, db),
    db
      .select({ id: notes.id, body: notes.body, authorName: users.name, createdAt: notes.createdAt })
      .from(notes)
      .innerJoin(users, eq(users.id, notes.authorId))
      .where(eq(notes.caseId, caseId))
      .orderBy(asc(notes.createdAt)),
    db
      .select({ id: tags.id, slug: tags.slug, kk: tags.nameKk, ru: tags.nameRu, en: tags.nameEn, isOn: sql<boolean>`${caseTags.caseId} is not null` })
      .from(tags)
      .leftJoin(caseTags, and(eq(caseTags.tagId, tags.id), eq(caseTags.caseId, caseId)))
      .orderBy(asc(tags.slug)),
    db
      .select({
        id: assessments.id,
        reviewerId: assessments.reviewerId,
        reviewerName: users.name,
        status: assessments.status,
        scores: assessments.scores,
        strengthScore: assessments.strengthScore,
        rationale: assessments.rationale,
        submittedAt: assessments.submittedAt,
      })
      .from(assessments)
      .innerJoin(users, eq(users.id, assessments.reviewerId))
      // Other reviewers' drafts are theirs alone.
      .where(and(eq(assessments.caseId, caseId), or(eq(assessments.status, 'submitted'), eq(assessments.reviewerId, user.id))))
      .orderBy(desc(sql`coalesce(${assessments.submittedAt}, ${assessments.updatedAt})`)),
    findRelatedCases(user, row, db),
    db
      .select({ id: caseEvents.id, type: caseEvents.type, fromStatus: caseEvents.fromStatus, toStatus: caseEvents.toStatus, actorName: users.name, data: caseEvents.data, createdAt: caseEvents.createdAt })
      .from(caseEvents)
      .leftJoin(users, eq(users.id, caseEvents.actorId))
      .where(eq(caseEvents.caseId, caseId))
      .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id)),
    can(user, 'case.assign')
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(and(inArray(users.role, ['reviewer', 'organizer', 'admin']), isNull(users.disabledAt)))
          .orderBy(asc(users.name))
      : Promise.resolve([]),
  ]);

  const holder = row.assigneeId;
  const isHolder = holder === user.id || user.role === 'organizer' || user.role === 'admin';
  const open = ['submitted', 'in_review', 'needs_info'].includes(row.status);
  return {
    row,
    applicant: applicant[0]!,
    assignment: assignment[0] ?? null,
    recommendedByName: recommender[0]?.name ?? null,
    documents,
    messages,
    notes: noteRows,
    tags: tagRows,
    assessments: assessmentRows,
    related,
    events,
    reviewers,
    may: {
      claim: open && !holder,
      release: !!holder && isHolder && open,
      decide: !!holder && isHolder && (row.status === 'in_review' || row.status === 'needs_info'),
      assess: ['in_review', 'needs_info', 'recommended'].includes(row.status),
      confirm: row.status === 'recommended' && !!row.recommendedById && can(user, 'case.confirm', { recommendedById: row.recommendedById }),
      assign: open && can(user, 'case.assign'),
      declare: holder === user.id && assignment[0]?.hasNoConflict === false,
    },
  };
}
