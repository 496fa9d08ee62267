import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { caseEvents, cases, documents, type Case, type CaseStatus } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/validation/ids';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';

export type CaseListRow = {
  id: string;
  reference: string | null;
  status: CaseStatus;
  kind: string | null;
  regionCode: string | null;
  courtName: string | null;
  caseNumber: string | null;
  grounds: string[];
  strengthScore: number | null;
  waitingSince: Date | null;
  daysWaiting: number | null;
  updatedAt: Date;
};

const listColumns = {
  id: cases.id,
  reference: cases.reference,
  status: cases.status,
  kind: cases.kind,
  regionCode: cases.regionCode,
  courtName: cases.courtName,
  caseNumber: cases.caseNumber,
  grounds: cases.grounds,
  strengthScore: cases.strengthScore,
  waitingSince: cases.waitingSince,
  daysWaiting: sql<number | null>`floor(extract(epoch from now() - ${cases.waitingSince}) / 86400)::int`,
  updatedAt: cases.updatedAt,
};

const total = sql<number>`count(*) over ()::int`;

/** The applicant's own cases, most recently changed first. */
export async function listMyCases(user: CurrentUser | null, page: number): Promise<Page<CaseListRow>> {
  assertCan(user, 'case.file');
  const rows = await getDb()
    .select({ ...listColumns, total })
    .from(cases)
    .where(eq(cases.applicantId, user.id))
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}

export type CaseDocumentRow = Pick<typeof documents.$inferSelect, 'id' | 'kind' | 'originalName' | 'contentType' | 'sizeBytes' | 'sha256' | 'createdAt'>;

const documentColumns = {
  id: documents.id,
  kind: documents.kind,
  originalName: documents.originalName,
  contentType: documents.contentType,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
  createdAt: documents.createdAt,
};

/** The applicant's most recently edited draft, to resume the wizard where they left it. */
export async function findMyLatestDraft(user: CurrentUser | null): Promise<{ id: string; intakeStep: number } | null> {
  assertCan(user, 'case.file');
  const [row] = await getDb()
    .select({ id: cases.id, intakeStep: cases.intakeStep })
    .from(cases)
    .where(and(eq(cases.applicantId, user.id), eq(cases.status, 'draft')))
    .orderBy(desc(cases.updatedAt))
    .limit(1);
  return row ?? null;
}

/**
 * A case of the applicant's own, with its documents. Someone else's case, or an id that does
 * not exist, is NOT_FOUND; `null` means "not saved yet" for a fresh draft id.
 */
export async function loadMyCase(user: CurrentUser | null, caseId: string): Promise<{ row: Case; documents: CaseDocumentRow[] } | null> {
  assertCan(user, 'case.file');
  if (!isUuid(caseId)) throw new AppError('NOT_FOUND');
  const db = getDb();
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) return null;
  assertCan(user, 'case.file', row);
  const docs = await db.select(documentColumns).from(documents).where(eq(documents.caseId, caseId)).orderBy(asc(documents.createdAt));
  return { row, documents: docs };
}

export type TimelineEvent = { id: string; type: string; fromStatus: CaseStatus | null; toStatus: CaseStatus | null; createdAt: Date; data: Record<string, unknown> };

/** The events of the applicant's own case that the applicant may see, oldest first. */
export async function listMyCaseTimeline(user: CurrentUser | null, caseId: string): Promise<TimelineEvent[]> {
  const loaded = await loadMyCase(user, caseId);
  if (!loaded) throw new AppError('NOT_FOUND');
  return getDb()
    .select({ id: caseEvents.id, type: caseEvents.type, fromStatus: caseEvents.fromStatus, toStatus: caseEvents.toStatus, createdAt: caseEvents.createdAt, data: caseEvents.data })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.isVisibleToApplicant, true)))
    .orderBy(asc(caseEvents.createdAt));
}
