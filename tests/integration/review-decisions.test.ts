import crypto from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '@/db/client';
import { assessments, assignments, caseEvents, cases, caseTags, messages, notes, type Case } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { listCaseMessages, postApplicantMessage } from '@/lib/cases/messages';
import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import { saveAssessment } from '@/lib/review/assessments';
import {
  addNote,
  assignCase,
  bulkAssign,
  bulkTag,
  claimCase,
  confirmRecommendation,
  declareNoConflict,
  declineCase,
  postStaffMessage,
  recommendCase,
  releaseCase,
  requestInformation,
  returnRecommendation,
  setCaseTag,
} from '@/lib/review/decisions';
import { listReviewQueue } from '@/lib/review/queue';
import { criterionKeys, type CriterionKey } from '@/lib/review/rubric';
import { findRelatedCases, loadWorkspace } from '@/lib/review/workspace';
import { parseQueueFilter, type AssessmentInput, type CriterionInput } from '@/lib/validation/review';
import { createCase, createDocument, createTag, type CaseOverrides } from '../factories/cases';
import { createUser } from '../factories/users';
import { mailsTo } from '../support/mail';

let r1: CurrentUser;
let r2: CurrentUser;
let org: CurrentUser;
let admin: CurrentUser;

beforeAll(async () => {
  [r1, r2, org, admin] = await Promise.all([
    createUser('reviewer', { name: 'Айдана Серікова' }),
    createUser('reviewer', { name: 'Pavel Orlov' }),
    createUser('organizer', { name: 'Ержан Тоқтаров' }),
    createUser('admin', { name: 'Admin Adminov' }),
  ]);
});

const db = () => getDb();
const CONFLICT_NOTE = 'Не знаком ни с заявителем, ни с судьёй.';
const RATIONALE = 'Приговор основан только на признании, от которого подсудимый отказался в суде.';

/** A name no other applicant has, so cases filed for themselves are never "the same person". */
const uniqueName = () => `Заявитель ${Array.from(crypto.randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

/** A submitted case of a new applicant (so mails to that applicant are this case's alone). */
async function submitted(overrides: CaseOverrides = {}): Promise<{ row: Case; applicant: CurrentUser }> {
  const applicant = await createUser('applicant', { name: uniqueName() });
  const row = await createCase(applicant, overrides);
  return { row, applicant };
}

const caseOf = async (id: string) => (await db().select().from(cases).where(eq(cases.id, id)))[0]!;
const eventsOf = (id: string) => db().select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.createdAt), asc(caseEvents.id));
const messagesOf = (id: string) => db().select().from(messages).where(eq(messages.caseId, id));
const notesOf = (id: string) => db().select().from(notes).where(eq(notes.caseId, id));
const assignmentsOf = (id: string) => db().select().from(assignments).where(eq(assignments.caseId, id)).orderBy(asc(assignments.createdAt));
const openPrimary = (id: string) =>
  db()
    .select()
    .from(assignments)
    .where(and(eq(assignments.caseId, id), eq(assignments.role, 'primary'), isNull(assignments.releasedAt)));

/** A submitted case claimed by `reviewer`: in review, held by them. */
async function heldBy(reviewer: CurrentUser, overrides: CaseOverrides = {}): Promise<{ row: Case; applicant: CurrentUser }> {
  const { row, applicant } = await submitted(overrides);
  await claimCase(db(), reviewer, { caseId: row.id, version: row.version, hasNoConflict: true });
  return { row: await caseOf(row.id), applicant };
}

function criterion(score: CriterionInput['score'], comment = ''): CriterionInput {
  return { score, comment, documentId: '', page: '' };
}

/** Every criterion scored `score` with a comment: a complete, submittable assessment. */
function fullAssessment(caseId: string, scores: Partial<Record<CriterionKey, CriterionInput>> = {}, intent: 'draft' | 'submit' = 'submit'): AssessmentInput {
  const all = Object.fromEntries(criterionKeys.map((k) => [k, scores[k] ?? criterion('2', 'Подтверждается материалами дела.')])) as AssessmentInput['scores'];
  return { caseId, intent, scores: all, rationale: RATIONALE };
}

/** A case held by `holder`, assessed and recommended by `recommender` (the holder by default). */
async function recommendedBy(recommender: CurrentUser, holder: CurrentUser = recommender) {
  const { row, applicant } = await heldBy(holder);
  await saveAssessment(db(), recommender, fullAssessment(row.id));
  await recommendCase(db(), recommender, { caseId: row.id, version: row.version, rationale: RATIONALE });
  return { row: await caseOf(row.id), applicant };
}

function zodPaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ZodError);
  return (error as ZodError).issues.map((i) => i.path.join('.'));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const t = (locale: Locale) => translatorFor(locale);

describe('claiming a case', () => {
  it('takes it into review, records the declaration and tells the applicant in their language', async () => {
    const { row, applicant } = await submitted({ contactLocale: 'kk' });
    await claimCase(db(), r1, { caseId: row.id, version: row.version, hasNoConflict: true, conflictComment: `  ${CONFLICT_NOTE}  ` }, { ip: '10.1.1.1' });

    const after = await caseOf(row.id);
    expect(after).toMatchObject({ status: 'in_review', assigneeId: r1.id, version: row.version + 1 });
    expect(await assignmentsOf(row.id)).toMatchObject([{ reviewerId: r1.id, role: 'primary', hasNoConflict: true, conflictComment: CONFLICT_NOTE, assignedById: null, releasedAt: null }]);
    const events = await eventsOf(row.id);
    expect(events.filter((e) => e.type === 'status_changed')).toMatchObject([{ fromStatus: 'submitted', toStatus: 'in_review', actorId: r1.id, isVisibleToApplicant: true }]);
    expect(events.filter((e) => e.type === 'assigned')).toMatchObject([{ isVisibleToApplicant: false, data: { reviewerId: r1.id } }]);

    const mails = await mailsTo(applicant.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.locale).toBe('kk');
    expect(mails[0]!.subject).toContain(row.reference!);
    expect(mails[0]!.subject).toContain(t('kk')('status.in_review'));
    expect(mails[0]!.text).toContain(`/kk/my/cases/${row.id}`);
  });

  it('shows the reviewer fresh per-status counts after their decision, though the counts are cached', async () => {
    const { row } = await submitted();
    const before = (await listReviewQueue(r1, parseQueueFilter({}))).statusCounts;
    await claimCase(db(), r1, { caseId: row.id, version: row.version, hasNoConflict: true });
    const after = (await listReviewQueue(r1, parseQueueFilter({}))).statusCounts;
    expect(after.submitted ?? 0).toBe((before.submitted ?? 0) - 1);
    expect(after.in_review).toBe((before.in_review ?? 0) + 1);
  });

  it('is a no-op when the holder claims again (a double click)', async () => {
    const { row, applicant } = await heldBy(r1);
    await claimCase(db(), r1, { caseId: row.id, version: row.version, hasNoConflict: true });
    expect(await assignmentsOf(row.id)).toHaveLength(1);
    expect((await caseOf(row.id)).version).toBe(row.version);
    expect(await mailsTo(applicant.email)).toHaveLength(1);
  });

  it('needs the conflict-of-interest declaration', async () => {
    const { row, applicant } = await submitted();
    const refused = await rejectionOf(claimCase(db(), r1, { caseId: row.id, version: row.version, hasNoConflict: false as never }));
    expect(zodPaths(refused)).toEqual(['hasNoConflict']);
    expect((refused as ZodError).issues[0]!.message).toBe('validation.declareNoConflict');
    expect(zodPaths(await rejectionOf(claimCase(db(), r1, { caseId: row.id, version: row.version } as never)))).toEqual(['hasNoConflict']);
    expect(await caseOf(row.id)).toMatchObject({ status: 'submitted', assigneeId: null, version: row.version });
    expect(await assignmentsOf(row.id)).toEqual([]);
    expect(await mailsTo(applicant.email)).toEqual([]);
  });

  it('lets exactly one of two reviewers claiming at once through', async () => {
    // Several rounds, so that on PostgreSQL the two transactions really do meet at the row lock.
    for (let round = 0; round < 5; round++) {
      const { row, applicant } = await submitted();
      const claim = (reviewer: CurrentUser) => claimCase(db(), reviewer, { caseId: row.id, version: row.version, hasNoConflict: true });
      const results = await Promise.allSettled([claim(r1), claim(r2)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toMatchObject({ code: 'CONFLICT', messageKey: 'review.alreadyClaimed' });

      const winner = results[0]!.status === 'fulfilled' ? r1 : r2;
      expect(await caseOf(row.id)).toMatchObject({ status: 'in_review', assigneeId: winner.id, version: row.version + 1 });
      expect(await openPrimary(row.id)).toMatchObject([{ reviewerId: winner.id }]);
      expect(await assignmentsOf(row.id)).toHaveLength(1);
      expect((await eventsOf(row.id)).filter((e) => e.type === 'status_changed')).toHaveLength(1);
      expect(await mailsTo(applicant.email)).toHaveLength(1);
    }
  });

  it('refuses a case someone else holds, and one past review', async () => {
    const { row } = await heldBy(r1);
    await expect(claimCase(db(), r2, { caseId: row.id, version: row.version, hasNoConflict: true })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.alreadyClaimed' });
    const { row: declined } = await submitted({ status: 'declined' });
    await expect(claimCase(db(), r2, { caseId: declined.id, version: declined.version, hasNoConflict: true })).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'review.stale.declined',
    });
    const { row: draft } = await submitted({ status: 'draft' });
    await expect(claimCase(db(), r2, { caseId: draft.id, version: draft.version, hasNoConflict: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await assignmentsOf(draft.id)).toEqual([]);
  });
});

describe('releasing a case', () => {
  it('gives it back to the queue, still in review, for another reviewer to claim', async () => {
    const { row, applicant } = await heldBy(r1);
    await releaseCase(db(), r1, { caseId: row.id, version: row.version });
    const after = await caseOf(row.id);
    expect(after).toMatchObject({ status: 'in_review', assigneeId: null, version: row.version + 1 });
    expect(await openPrimary(row.id)).toEqual([]);
    expect((await assignmentsOf(row.id))[0]!.releasedAt).toBeInstanceOf(Date);
    expect((await eventsOf(row.id)).filter((e) => e.type === 'released')).toMatchObject([{ isVisibleToApplicant: false, actorId: r1.id }]);

    await claimCase(db(), r2, { caseId: row.id, version: after.version, hasNoConflict: true });
    expect(await caseOf(row.id)).toMatchObject({ status: 'in_review', assigneeId: r2.id });
    expect(await openPrimary(row.id)).toMatchObject([{ reviewerId: r2.id }]);
    // Only the first claim changed the status: the applicant heard once.
    expect(await mailsTo(applicant.email)).toHaveLength(1);
  });

  it('is refused to a reviewer who does not hold the case', async () => {
    const { row } = await heldBy(r1);
    await expect(releaseCase(db(), r2, { caseId: row.id, version: row.version })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'review.notYourCase' });
    expect(await caseOf(row.id)).toMatchObject({ assigneeId: r1.id, version: row.version });
  });
});

describe('organizers assign cases', () => {
  it('assigns and reassigns, keeping one open assignment, and the assignee declares later', async () => {
    const { row } = await submitted();
    await assignCase(db(), org, { caseId: row.id, version: row.version, reviewerId: r1.id });
    let after = await caseOf(row.id);
    expect(after).toMatchObject({ status: 'in_review', assigneeId: r1.id });
    expect(await openPrimary(row.id)).toMatchObject([{ reviewerId: r1.id, hasNoConflict: false, assignedById: org.id }]);

    await assignCase(db(), org, { caseId: row.id, version: after.version, reviewerId: r2.id });
    after = await caseOf(row.id);
    expect(after).toMatchObject({ status: 'in_review', assigneeId: r2.id });
    expect(await openPrimary(row.id)).toMatchObject([{ reviewerId: r2.id, hasNoConflict: false, assignedById: org.id }]);
    expect(await assignmentsOf(row.id)).toHaveLength(2);

    // The former assignee has nothing to declare; the new one declares.
    await expect(declareNoConflict(db(), r1, { caseId: row.id, hasNoConflict: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await declareNoConflict(db(), r2, { caseId: row.id, hasNoConflict: true, conflictComment: CONFLICT_NOTE });
    expect(await openPrimary(row.id)).toMatchObject([{ reviewerId: r2.id, hasNoConflict: true, conflictComment: CONFLICT_NOTE }]);
  });

  it('lets an admin assign, and refuses an applicant as assignee', async () => {
    const { row, applicant } = await submitted();
    await expect(assignCase(db(), org, { caseId: row.id, version: row.version, reviewerId: applicant.id })).rejects.toMatchObject({
      code: 'VALIDATION',
      messageKey: 'review.notAReviewer',
      field: 'reviewerId',
    });
    expect(await caseOf(row.id)).toMatchObject({ status: 'submitted', assigneeId: null });
    await assignCase(db(), admin, { caseId: row.id, version: row.version, reviewerId: org.id });
    expect(await caseOf(row.id)).toMatchObject({ status: 'in_review', assigneeId: org.id });
  });

  it('bulk-assigns what can be assigned and counts what was skipped', async () => {
    const { row: fresh } = await submitted();
    const { row: held } = await heldBy(r1);
    const { row: accepted } = await submitted({ status: 'accepted' });
    const { row: draft } = await submitted({ status: 'draft' });
    const result = await bulkAssign(db(), org, { caseIds: [fresh.id, held.id, accepted.id, draft.id], reviewerId: r2.id });
    expect(result).toEqual({ done: 2, skipped: 2 });
    expect(await caseOf(fresh.id)).toMatchObject({ status: 'in_review', assigneeId: r2.id });
    expect(await caseOf(held.id)).toMatchObject({ status: 'in_review', assigneeId: r2.id });
    expect(await openPrimary(held.id)).toMatchObject([{ reviewerId: r2.id, assignedById: org.id }]);
    expect(await caseOf(accepted.id)).toMatchObject({ status: 'accepted', assigneeId: null });
    expect(await caseOf(draft.id)).toMatchObject({ status: 'draft', assigneeId: null });
    // Again: they are r2's already.
    expect(await bulkAssign(db(), org, { caseIds: [fresh.id, held.id], reviewerId: r2.id })).toEqual({ done: 0, skipped: 2 });
  });

  it('bulk-tags visible cases once', async () => {
    const tag = await createTag('military-officers');
    const { row: a } = await submitted();
    const { row: b } = await submitted({ status: 'accepted' });
    const { row: draft } = await submitted({ status: 'draft' });
    expect(await bulkTag(db(), org, { caseIds: [a.id, b.id, draft.id], tagId: tag.id })).toEqual({ done: 2, skipped: 1 });
    const tagged = await db().select().from(caseTags).where(eq(caseTags.tagId, tag.id));
    expect(tagged.map((r) => r.caseId).sort()).toEqual([a.id, b.id].sort());
    expect(await bulkTag(db(), admin, { caseIds: [a.id, b.id], tagId: tag.id })).toEqual({ done: 0, skipped: 2 });
  });

  it('refuses assigning and bulk actions to reviewers', async () => {
    const { row } = await submitted();
    const tag = await createTag('land-protests');
    await expect(assignCase(db(), r1, { caseId: row.id, version: row.version, reviewerId: r1.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(bulkAssign(db(), r1, { caseIds: [row.id], reviewerId: r1.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(bulkTag(db(), r1, { caseIds: [row.id], tagId: tag.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await caseOf(row.id)).toMatchObject({ status: 'submitted', assigneeId: null });
    expect(await assignmentsOf(row.id)).toEqual([]);
    expect(await db().select().from(caseTags).where(eq(caseTags.caseId, row.id))).toEqual([]);
  });

  it('lets a reviewer tag and untag a case', async () => {
    const { row } = await heldBy(r1);
    const tag = await createTag('activists');
    await setCaseTag(db(), r1, { caseId: row.id, tagId: tag.id, isOn: true });
    await setCaseTag(db(), r1, { caseId: row.id, tagId: tag.id, isOn: true });
    expect(await db().select().from(caseTags).where(eq(caseTags.caseId, row.id))).toEqual([{ caseId: row.id, tagId: tag.id }]);
    await setCaseTag(db(), r2, { caseId: row.id, tagId: tag.id, isOn: false });
    expect(await db().select().from(caseTags).where(eq(caseTags.caseId, row.id))).toEqual([]);
  });

  it('refuses an unknown tag with a field error, not a database error', async () => {
    const { row } = await heldBy(r1);
    await expect(setCaseTag(db(), r1, { caseId: row.id, tagId: '00000000-0000-4000-8000-000000000000', isOn: true })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'tagId',
    });
    await expect(bulkTag(db(), org, { caseIds: [row.id], tagId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'tagId' });
    expect(await db().select().from(caseTags).where(eq(caseTags.caseId, row.id))).toEqual([]);
  });
});

describe('decisions belong to the holder', () => {
  it('refuses another reviewer to request information, recommend or decline', async () => {
    const { row } = await heldBy(r1);
    await saveAssessment(db(), r2, fullAssessment(row.id));
    const v = { caseId: row.id, version: row.version };
    for (const attempt of [
      () => requestInformation(db(), r2, { ...v, items: ['judgment'], message: 'Приложите, пожалуйста, приговор.' }),
      () => recommendCase(db(), r2, { ...v, rationale: RATIONALE }),
      () => declineCase(db(), r2, { ...v, reason: 'insufficient_grounds', message: 'Оснований для протеста не найдено.' }),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'review.notYourCase' });
    expect(await caseOf(row.id)).toMatchObject({ status: 'in_review', assigneeId: r1.id, version: row.version, recommendedById: null });
    expect(await messagesOf(row.id)).toEqual([]);
  });

  it('refuses decisions on an unclaimed case to reviewers', async () => {
    const { row } = await submitted({ status: 'in_review' });
    await expect(declineCase(db(), r1, { caseId: row.id, version: row.version, reason: 'other', message: 'Не наша компетенция.' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await caseOf(row.id)).status).toBe('in_review');
  });

  it('lets an organizer decide on a case a reviewer holds', async () => {
    const { row } = await heldBy(r1);
    await requestInformation(db(), org, { caseId: row.id, version: row.version, items: ['facts'], message: 'Опишите, пожалуйста, обстоятельства задержания.' });
    expect((await caseOf(row.id)).status).toBe('needs_info');
  });
});

describe('asking the applicant for more', () => {
  it('moves to needs_info, writes in the thread and mails the list of what is missing', async () => {
    const { row, applicant } = await heldBy(r1, { contactLocale: 'en' });
    const message = 'Please upload the appellate ruling and the cassation ruling.';
    await requestInformation(db(), r1, { caseId: row.id, version: row.version, items: ['appellate_ruling', 'cassation_ruling'], message });

    expect(await caseOf(row.id)).toMatchObject({ status: 'needs_info', version: row.version + 1, assigneeId: r1.id });
    expect((await eventsOf(row.id)).at(-1)).toMatchObject({ type: 'status_changed', fromStatus: 'in_review', toStatus: 'needs_info', data: { items: ['appellate_ruling', 'cassation_ruling'] } });
    expect(await listCaseMessages(applicant, row.id)).toMatchObject([{ body: message, isFromApplicant: false, authorName: r1.name }]);

    const mails = await mailsTo(applicant.email);
    const mail = mails.at(-1)!;
    expect(mail.locale).toBe('en');
    expect(mail.subject).toContain(row.reference!);
    expect(mail.text).toContain(message);
    expect(mail.text).toContain(t('en')('review.requestItems.appellate_ruling'));
    expect(mail.text).toContain(t('en')('review.requestItems.cassation_ruling'));
    expect(mail.text).not.toContain(t('en')('review.requestItems.judgment'));
  });

  it('returns to review when the applicant answers, marked as replied, and the holder’s next decision clears the mark', async () => {
    const { row, applicant } = await heldBy(r1);
    await requestInformation(db(), r1, { caseId: row.id, version: row.version, items: ['judgment'], message: 'Приложите приговор суда первой инстанции.' });
    const asked = await caseOf(row.id);
    expect(asked.repliedAt).toBeNull();

    await postApplicantMessage(db(), applicant, { caseId: row.id, body: 'Приговор приложил.' });
    const answered = await caseOf(row.id);
    expect(answered).toMatchObject({ status: 'in_review', assigneeId: r1.id, version: asked.version + 1 });
    expect(answered.repliedAt).toBeInstanceOf(Date);
    expect(answered.waitingSince!.getTime()).toBe(answered.repliedAt!.getTime());
    expect((await eventsOf(row.id)).at(-1)).toMatchObject({ fromStatus: 'needs_info', toStatus: 'in_review', actorId: applicant.id });

    await requestInformation(db(), r1, { caseId: row.id, version: answered.version, items: ['evidence'], message: 'Приложите также заключение экспертизы.' });
    expect(await caseOf(row.id)).toMatchObject({ status: 'needs_info', repliedAt: null });
  });
});

describe('the assessment', () => {
  it('saves a partial draft without touching the case’s score, then updates the same draft', async () => {
    const { row } = await heldBy(r1);
    const partial: AssessmentInput = {
      caseId: row.id,
      intent: 'draft',
      scores: Object.fromEntries(criterionKeys.map((k) => [k, criterion('')])) as AssessmentInput['scores'],
      rationale: '',
    };
    partial.scores.procedural_violations = criterion('3');
    partial.scores.new_evidence = criterion('', 'Ищу документы.');
    expect(await saveAssessment(db(), r1, partial)).toEqual({ strengthScore: 20 });
    partial.scores.appeals_exhausted = criterion('3');
    expect(await saveAssessment(db(), r1, partial)).toEqual({ strengthScore: 30 });

    const rows = await db().select().from(assessments).where(eq(assessments.caseId, row.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'draft', reviewerId: r1.id, strengthScore: 30, submittedAt: null });
    expect(Object.keys(rows[0]!.scores).sort()).toEqual(['appeals_exhausted', 'new_evidence', 'procedural_violations']);
    expect((await caseOf(row.id)).strengthScore).toBeNull();
  });

  it('refuses to submit with a score or a comment missing, naming the fields', async () => {
    const { row } = await heldBy(r1);
    const input = fullAssessment(row.id, { new_evidence: criterion(''), wider_pattern: criterion('2', ''), proportionality: criterion('0', '') });
    const paths = zodPaths(await rejectionOf(saveAssessment(db(), r1, input)));
    // A 0 needs no comment; a 1 or more does.
    expect(paths.sort()).toEqual(['scores.new_evidence.score', 'scores.wider_pattern.comment']);
    const short = zodPaths(await rejectionOf(saveAssessment(db(), r1, { ...fullAssessment(row.id), rationale: 'Коротко.' })));
    expect(short).toEqual(['rationale']);
    const pageOnly = zodPaths(await rejectionOf(saveAssessment(db(), r1, fullAssessment(row.id, { new_evidence: { score: '2', comment: 'См. стр. 4', documentId: '', page: '4' } }))));
    expect(pageOnly).toEqual(['scores.new_evidence.documentId']);
    expect(await db().select().from(assessments).where(eq(assessments.caseId, row.id))).toEqual([]);
  });

  it('refuses a citation of another case’s document', async () => {
    const { row, applicant } = await heldBy(r1);
    const { row: other, applicant: otherApplicant } = await submitted();
    const own = await createDocument(row.id, applicant.id);
    const foreign = await createDocument(other.id, otherApplicant.id);
    const input = fullAssessment(row.id, {
      procedural_violations: { score: '3', comment: 'Протокол без понятых.', documentId: own.id, page: '12' },
      new_evidence: { score: '2', comment: 'Новое заключение.', documentId: foreign.id, page: '1' },
    });
    await expect(saveAssessment(db(), r1, input)).rejects.toMatchObject({ code: 'VALIDATION', field: 'scores.new_evidence.documentId' });
    expect(await db().select().from(assessments).where(eq(assessments.caseId, row.id))).toEqual([]);
    expect((await caseOf(row.id)).strengthScore).toBeNull();

    // Citing the case's own document is fine, and the citation is kept.
    input.scores.new_evidence = criterion('2', 'Новое заключение.');
    await saveAssessment(db(), r1, input);
    const [saved] = await db().select().from(assessments).where(eq(assessments.caseId, row.id));
    expect(saved!.scores.procedural_violations).toEqual({ score: 3, comment: 'Протокол без понятых.', citation: { documentId: own.id, page: 12 } });
  });

  it('on submit, stores the computed strength score on the case for the queue', async () => {
    const { row } = await heldBy(r1);
    await saveAssessment(db(), r1, { ...fullAssessment(row.id), intent: 'draft' });
    const input = fullAssessment(row.id, {
      procedural_violations: criterion('3', 'a'), // 20
      new_evidence: criterion('2', 'b'), // 13.3
      fabrication_or_coercion: criterion('1', 'c'), // 6.7
      appeals_exhausted: criterion('3', 'd'), // 10
      documents_complete: criterion('3', 'e'), // 10
      wider_pattern: criterion('0'), // 0
      proportionality: criterion('2', 'f'), // 6.7
    });
    expect(await saveAssessment(db(), r1, input)).toEqual({ strengthScore: 67 });
    expect((await caseOf(row.id)).strengthScore).toBe(67);
    // The draft became the submitted assessment.
    expect(await db().select().from(assessments).where(eq(assessments.caseId, row.id))).toMatchObject([{ status: 'submitted', strengthScore: 67, rationale: RATIONALE }]);
  });
});

describe('recommending and confirming', () => {
  it('needs the recommender’s own submitted assessment', async () => {
    const { row } = await heldBy(r1);
    const attempt = () => recommendCase(db(), r1, { caseId: row.id, version: row.version, rationale: RATIONALE });
    await expect(attempt()).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.assessmentRequired' });
    await saveAssessment(db(), r1, { ...fullAssessment(row.id), intent: 'draft' });
    await expect(attempt()).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.assessmentRequired' });
    // Someone else's assessment does not count either.
    await saveAssessment(db(), r2, fullAssessment(row.id));
    await expect(attempt()).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.assessmentRequired' });
    expect(await caseOf(row.id)).toMatchObject({ status: 'in_review', recommendedById: null, version: row.version });
  });

  it('recommends: status, recommender, assessment and a mail', async () => {
    const { row, applicant } = await heldBy(r1, { contactLocale: 'ru' });
    await saveAssessment(db(), r1, fullAssessment(row.id));
    await recommendCase(db(), r1, { caseId: row.id, version: row.version, rationale: RATIONALE });
    expect(await caseOf(row.id)).toMatchObject({ status: 'recommended', recommendedById: r1.id, version: row.version + 1 });
    expect(await db().select().from(assessments).where(eq(assessments.caseId, row.id))).toMatchObject([{ recommendation: 'accept' }]);
    expect((await eventsOf(row.id)).filter((e) => e.type === 'recommendation')).toMatchObject([{ isVisibleToApplicant: false, data: { rationale: RATIONALE } }]);
    const mail = (await mailsTo(applicant.email)).at(-1)!;
    expect(mail).toMatchObject({ locale: 'ru' });
    expect(mail.subject).toContain(row.reference!);
    expect(mail.subject).toContain(t('ru')('status.recommended'));
  });

  it('never lets the recommender confirm or return their own recommendation', async () => {
    for (const recommender of [r1, org, admin]) {
      const { row } = await recommendedBy(recommender);
      await expect(confirmRecommendation(db(), recommender, { caseId: row.id, version: row.version, hasNoConflict: true })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        messageKey: 'review.cannotConfirmOwn',
      });
      await expect(returnRecommendation(db(), recommender, { caseId: row.id, version: row.version, reason: 'Передумал, нужно ещё проверить.' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await caseOf(row.id)).toMatchObject({ status: 'recommended', recommendedById: recommender.id, version: row.version });
      expect((await assignmentsOf(row.id)).filter((a) => a.role === 'second')).toEqual([]);
    }
  });

  it('holds the rule when an organizer recommended a case a reviewer holds', async () => {
    const { row } = await recommendedBy(org, r1);
    await expect(confirmRecommendation(db(), org, { caseId: row.id, version: row.version, hasNoConflict: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The holder did not recommend it, so they may be the second pair of eyes.
    await confirmRecommendation(db(), r1, { caseId: row.id, version: row.version, hasNoConflict: true });
    expect((await caseOf(row.id)).status).toBe('accepted');
  });

  it('a second reviewer confirms: accepted, with a second assignment and a mail', async () => {
    const { row, applicant } = await recommendedBy(r1);
    await confirmRecommendation(db(), r2, { caseId: row.id, version: row.version, comment: 'Согласен с оценкой.', hasNoConflict: true });
    expect(await caseOf(row.id)).toMatchObject({ status: 'accepted', recommendedById: r1.id, version: row.version + 1 });
    expect((await assignmentsOf(row.id)).filter((a) => a.role === 'second')).toMatchObject([{ reviewerId: r2.id, hasNoConflict: true, releasedAt: null }]);
    expect((await eventsOf(row.id)).filter((e) => e.type === 'status_changed').at(-1)).toMatchObject({ fromStatus: 'recommended', toStatus: 'accepted', actorId: r2.id });
    const mail = (await mailsTo(applicant.email)).at(-1)!;
    expect(mail.subject).toContain(t('ru')('status.accepted'));
    // Accepted is final for review: a second confirmation is stale.
    await expect(confirmRecommendation(db(), admin, { caseId: row.id, version: row.version + 1, hasNoConflict: true })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.stale.accepted' });
  });

  it('needs the second reviewer’s conflict-of-interest declaration too', async () => {
    const { row } = await recommendedBy(r1);
    const refused = await rejectionOf(confirmRecommendation(db(), r2, { caseId: row.id, version: row.version } as never));
    expect(zodPaths(refused)).toEqual(['hasNoConflict']);
    expect(await caseOf(row.id)).toMatchObject({ status: 'recommended', version: row.version });
    expect((await assignmentsOf(row.id)).filter((a) => a.role === 'second')).toEqual([]);
  });

  it('a second reviewer returns it to review with a note', async () => {
    const { row, applicant } = await recommendedBy(r1);
    const mailsBefore = (await mailsTo(applicant.email)).length;
    const reason = 'Не приложено постановление кассации, оценка преждевременна.';
    await returnRecommendation(db(), r2, { caseId: row.id, version: row.version, reason });
    expect(await caseOf(row.id)).toMatchObject({ status: 'in_review', recommendedById: null, assigneeId: r1.id });
    expect(await notesOf(row.id)).toMatchObject([{ authorId: r2.id, body: reason }]);
    expect((await eventsOf(row.id)).filter((e) => e.type === 'recommendation_returned')).toMatchObject([{ isVisibleToApplicant: false, data: { reason } }]);
    // Internal: the applicant is neither told nor shown the reason.
    expect(await mailsTo(applicant.email)).toHaveLength(mailsBefore);
    expect((await listCaseMessages(applicant, row.id)).map((m) => m.body)).not.toContain(reason);
    // The holder can recommend again after more work.
    await recommendCase(db(), r1, { caseId: row.id, version: (await caseOf(row.id)).version, rationale: RATIONALE });
    expect((await caseOf(row.id)).status).toBe('recommended');
  });
});

describe('declining', () => {
  it('declines with the reason in the case event and a mail in the applicant’s language', async () => {
    const { row, applicant } = await heldBy(r1, { contactLocale: 'kk' });
    const message = 'Кассационная жалоба ещё не подана: сначала подайте её.';
    await declineCase(db(), r1, { caseId: row.id, version: row.version, reason: 'appeals_available', message });
    expect(await caseOf(row.id)).toMatchObject({ status: 'declined', version: row.version + 1 });
    expect((await eventsOf(row.id)).at(-1)).toMatchObject({
      type: 'status_changed',
      fromStatus: 'in_review',
      toStatus: 'declined',
      actorId: r1.id,
      isVisibleToApplicant: true,
      data: { reason: 'appeals_available', message },
    });
    const mail = (await mailsTo(applicant.email)).at(-1)!;
    expect(mail.locale).toBe('kk');
    expect(mail.subject).toContain(row.reference!);
    expect(mail.text).toContain(message);
    expect(mail.text).toContain(t('kk')('review.declineReasons.appeals_available.applicant'));
  });

  it('declines a case whose applicant never answered the information request', async () => {
    const { row } = await heldBy(r1);
    await requestInformation(db(), r1, { caseId: row.id, version: row.version, items: ['judgment'], message: 'Пришлите копию приговора.' });
    const waiting = await caseOf(row.id);
    expect(waiting.status).toBe('needs_info');
    await declineCase(db(), r1, { caseId: row.id, version: waiting.version, reason: 'no_answer', message: 'Ответа не было три месяца.' });
    expect((await eventsOf(row.id)).at(-1)).toMatchObject({ fromStatus: 'needs_info', toStatus: 'declined', data: { reason: 'no_answer' } });
  });

  it('refuses a reason not on the list', async () => {
    const { row } = await heldBy(r1);
    const paths = zodPaths(await rejectionOf(declineCase(db(), r1, { caseId: row.id, version: row.version, reason: 'not_interesting' as never, message: 'Нам неинтересно.' })));
    expect(paths).toEqual(['reason']);
    expect((await caseOf(row.id)).status).toBe('in_review');
  });
});

describe('a stale page', () => {
  it('refuses a decision made on an old version and changes nothing', async () => {
    const { row, applicant } = await heldBy(r1);
    await saveAssessment(db(), r1, fullAssessment(row.id));
    // Meanwhile, in another tab: the holder asked for information.
    await requestInformation(db(), r1, { caseId: row.id, version: row.version, items: ['judgment'], message: 'Приложите приговор, пожалуйста.' });
    const current = await caseOf(row.id);
    const events = await eventsOf(row.id);
    const thread = await messagesOf(row.id);
    const mails = await mailsTo(applicant.email);

    const stale = { caseId: row.id, version: row.version };
    for (const attempt of [
      () => declineCase(db(), r1, { ...stale, reason: 'insufficient_grounds', message: 'Оснований не найдено.' }),
      () => recommendCase(db(), r1, { ...stale, rationale: RATIONALE }),
      () => requestInformation(db(), r1, { ...stale, items: ['facts'], message: 'Опишите подробнее, пожалуйста.' }),
      () => releaseCase(db(), r1, stale),
      () => assignCase(db(), org, { ...stale, reviewerId: r2.id }),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.stale.needs_info' });

    expect(await caseOf(row.id)).toEqual(current);
    expect(await eventsOf(row.id)).toEqual(events);
    expect(await messagesOf(row.id)).toEqual(thread);
    expect(await mailsTo(applicant.email)).toEqual(mails);
    expect(await openPrimary(row.id)).toMatchObject([{ reviewerId: r1.id }]);
  });

  it('refuses a decision after the applicant’s answer changed the case, naming its status now', async () => {
    const { row, applicant } = await heldBy(r1);
    await requestInformation(db(), r1, { caseId: row.id, version: row.version, items: ['judgment'], message: 'Приложите приговор, пожалуйста.' });
    const asked = await caseOf(row.id);
    await postApplicantMessage(db(), applicant, { caseId: row.id, body: 'Приложил.' });
    await expect(declineCase(db(), r1, { caseId: row.id, version: asked.version, reason: 'no_answer', message: 'Вы не ответили на запрос.' })).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'review.stale.in_review',
    });
    expect((await caseOf(row.id)).status).toBe('in_review');
  });

  it('refuses a confirmation of a recommendation that was returned meanwhile', async () => {
    const { row } = await recommendedBy(r1);
    await returnRecommendation(db(), r2, { caseId: row.id, version: row.version, reason: 'Нужно ещё проверить доводы.' });
    const current = await caseOf(row.id);
    await expect(confirmRecommendation(db(), admin, { caseId: row.id, version: row.version, hasNoConflict: true })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'review.stale.in_review' });
    expect(await caseOf(row.id)).toEqual(current);
    expect((await assignmentsOf(row.id)).filter((a) => a.role === 'second')).toEqual([]);
  });
});

describe('notes and messages', () => {
  it('keeps a note internal: never in the thread the applicant or staff read', async () => {
    const { row, applicant } = await heldBy(r1);
    const body = 'Судья Омаров фигурирует ещё в двух наших делах.';
    await addNote(db(), r1, { caseId: row.id, body });
    expect(await notesOf(row.id)).toMatchObject([{ authorId: r1.id, body }]);
    expect((await listCaseMessages(applicant, row.id)).map((m) => m.body)).not.toContain(body);
    expect(await listCaseMessages(r1, row.id)).toEqual([]);
    expect((await loadWorkspace(r2, row.id)).notes).toMatchObject([{ body, authorName: r1.name }]);
    expect(await mailsTo(applicant.email)).toHaveLength(1);
  });

  it('posts a staff message to the thread and tells the applicant', async () => {
    const { row, applicant } = await heldBy(r1, { contactLocale: 'en' });
    await postStaffMessage(db(), r2, { caseId: row.id, body: 'Could you tell us who your lawyer was at the trial?' });
    expect(await listCaseMessages(applicant, row.id)).toMatchObject([{ body: 'Could you tell us who your lawyer was at the trial?', isFromApplicant: false }]);
    const mail = (await mailsTo(applicant.email)).at(-1)!;
    expect(mail).toMatchObject({ locale: 'en' });
    expect(mail.subject).toContain(row.reference!);
    // The text of the message stays behind the sign-in.
    expect(mail.text).not.toContain('lawyer was at the trial');
  });
});

describe('who may act at all', () => {
  it('refuses every review action to applicants, even on their own case, and to visitors', async () => {
    const { row, applicant } = await recommendedBy(r1);
    const { row: other } = await submitted();
    const tag = await createTag('property-confiscated');
    const v = { caseId: row.id, version: row.version };
    const actions: [string, (user: CurrentUser | null) => Promise<unknown>][] = [
      ['claimCase', (u) => claimCase(db(), u, { caseId: other.id, version: other.version, hasNoConflict: true })],
      ['releaseCase', (u) => releaseCase(db(), u, v)],
      ['assignCase', (u) => assignCase(db(), u, { ...v, reviewerId: r2.id })],
      ['bulkAssign', (u) => bulkAssign(db(), u, { caseIds: [other.id], reviewerId: r2.id })],
      ['bulkTag', (u) => bulkTag(db(), u, { caseIds: [row.id], tagId: tag.id })],
      ['setCaseTag', (u) => setCaseTag(db(), u, { caseId: row.id, tagId: tag.id, isOn: true })],
      ['declareNoConflict', (u) => declareNoConflict(db(), u, { caseId: row.id, hasNoConflict: true })],
      ['requestInformation', (u) => requestInformation(db(), u, { ...v, items: ['judgment'], message: 'Приложите приговор.' })],
      ['recommendCase', (u) => recommendCase(db(), u, { ...v, rationale: RATIONALE })],
      ['confirmRecommendation', (u) => confirmRecommendation(db(), u, { ...v, hasNoConflict: true })],
      ['returnRecommendation', (u) => returnRecommendation(db(), u, { ...v, reason: 'Нужно ещё проверить.' })],
      ['declineCase', (u) => declineCase(db(), u, { ...v, reason: 'other', message: 'Отказываем по иным причинам.' })],
      ['addNote', (u) => addNote(db(), u, { caseId: row.id, body: 'заметка' })],
      ['postStaffMessage', (u) => postStaffMessage(db(), u, { caseId: row.id, body: 'сообщение' })],
      ['saveAssessment', (u) => saveAssessment(db(), u, fullAssessment(row.id))],
      ['loadWorkspace', (u) => loadWorkspace(u, row.id)],
      ['findRelatedCases', (u) => findRelatedCases(u, row)],
    ];
    for (const [name, act] of actions) {
      await expect(act(applicant), `${name} (applicant)`).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(act(null), `${name} (visitor)`).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await caseOf(row.id)).toMatchObject({ status: 'recommended', version: row.version, recommendedById: r1.id });
    expect(await caseOf(other.id)).toMatchObject({ status: 'submitted', assigneeId: null, version: other.version });
    expect(await notesOf(row.id)).toEqual([]);
    expect(await messagesOf(row.id)).toEqual([]);
    expect(await db().select().from(caseTags).where(eq(caseTags.caseId, row.id))).toEqual([]);
    expect(await db().select().from(assessments).where(eq(assessments.caseId, row.id))).toHaveLength(1);
  });
});

describe('the workspace', () => {
  it('is refused to applicants and hides drafts and unknown ids', async () => {
    const { row, applicant } = await submitted();
    await expect(loadWorkspace(applicant, row.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { row: draft } = await submitted({ status: 'draft' });
    await expect(loadWorkspace(r1, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadWorkspace(org, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadWorkspace(r1, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadWorkspace(r1, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows the holder, the declaration and what this user may do', async () => {
    const { row } = await recommendedBy(r1);
    const mine = await loadWorkspace(r1, row.id);
    expect(mine.assignment).toMatchObject({ reviewerId: r1.id, reviewerName: r1.name, hasNoConflict: true });
    expect(mine.recommendedByName).toBe(r1.name);
    expect(mine.may.confirm).toBe(false);
    expect(mine.assessments).toMatchObject([{ reviewerId: r1.id, status: 'submitted' }]);
    expect((await loadWorkspace(r2, row.id)).may.confirm).toBe(true);
  });

  it('keeps other reviewers’ drafts to themselves', async () => {
    const { row } = await heldBy(r1);
    await saveAssessment(db(), r2, { ...fullAssessment(row.id), intent: 'draft' });
    expect((await loadWorkspace(r1, row.id)).assessments).toEqual([]);
    expect((await loadWorkspace(r2, row.id)).assessments).toMatchObject([{ reviewerId: r2.id, status: 'draft' }]);
  });
});

describe('related cases', () => {
  it('finds the same case number in the same court, the same person in another script, and the same judge', async () => {
    const court = 'Алмалинский районный суд г. Алматы';
    const { row: base } = await submitted({ caseNumber: '1-7777/2021', courtName: court, filingFor: 'other', convictedPersonName: 'Жақсылықов Нұрлан', judgeName: 'Сейітқали А.Б.' });
    const { row: sameNumber } = await submitted({ caseNumber: '1-7777/2021', courtName: court.toUpperCase(), convictedPersonName: 'Петров Олег', judgeName: 'Иванова Н.Н.' });
    const { row: samePerson } = await submitted({ caseNumber: '2-15/2019', courtName: 'Есильский районный суд г. Астаны', filingFor: 'other', convictedPersonName: 'Nurlan Zhaksylykov', judgeName: 'Смирнов В.В.', status: 'declined' });
    const { row: sameJudge } = await submitted({ caseNumber: '1-31/2020', courtName: court, convictedPersonName: 'Ким Виктор', judgeName: 'сейітқали а.б.' });
    // Not related: the same number in another court, another person, another judge, and a draft.
    await submitted({ caseNumber: '1-7777/2021', courtName: 'Медеуский районный суд г. Алматы', convictedPersonName: 'Ли Дмитрий', judgeName: 'Ахметов Р.Р.' });
    await submitted({ caseNumber: '1-8888/2021', courtName: court, convictedPersonName: 'Жақсылықова Нұржан', judgeName: 'Ахметов Р.Р.' });
    await submitted({ status: 'draft', caseNumber: '1-7777/2021', courtName: court, convictedPersonName: 'Жақсылықов Нұрлан', judgeName: 'Сейітқали А.Б.' });

    const related = await findRelatedCases(r1, base);
    expect(related.map((r) => r.id).sort()).toEqual([sameNumber.id, samePerson.id, sameJudge.id].sort());
    expect(Object.fromEntries(related.map((r) => [r.id, r.because]))).toEqual({
      [sameNumber.id]: ['caseNumber'],
      [samePerson.id]: ['person'],
      [sameJudge.id]: ['judge'],
    });
    expect(related.find((r) => r.id === samePerson.id)).toMatchObject({ reference: samePerson.reference, status: 'declined' });
    // The workspace shows the same list; and the relation holds the other way round.
    expect((await loadWorkspace(r1, base.id)).related.map((r) => r.id).sort()).toEqual(related.map((r) => r.id).sort());
    expect((await findRelatedCases(r1, samePerson)).map((r) => r.id)).toEqual([base.id]);
  });

  it('names every reason when several hold', async () => {
    const { row: base } = await submitted({ caseNumber: '1-4242/2022', courtName: 'Суд №2 г. Костаная', convictedPersonName: 'Әлиев Ерлан', judgeName: 'Қасымова Г.Т.' });
    const { row: twin } = await submitted({ caseNumber: '1-4242/2022', courtName: 'Суд №2 г. Костаная', convictedPersonName: 'Aliyev Yerlan', judgeName: 'Қасымова Г.Т.' });
    expect(await findRelatedCases(r1, base)).toMatchObject([{ id: twin.id, because: ['caseNumber', 'person', 'judge'] }]);
  });
});
