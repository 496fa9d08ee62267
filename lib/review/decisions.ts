import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { assessments, assignments, caseEvents, cases, caseTags, messages, notes, tags, users, type Case, type CaseStatus } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { findTransition } from '@/lib/cases/status';
import { appUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { enqueueMail } from '@/lib/mail/send';
import { caseDeclinedMail, caseStatusMail, infoRequestedMail, newMessageMail } from '@/lib/mail/templates';
import {
  assignCaseSchema,
  bulkAssignSchema,
  bulkTagSchema,
  caseVersionSchema,
  claimCaseSchema,
  confirmSchema,
  declareNoConflictSchema,
  declineSchema,
  noteSchema,
  recommendSchema,
  requestInfoSchema,
  returnRecommendationSchema,
  setCaseTagSchema,
  staffMessageSchema,
  type AssignCaseInput,
  type BulkAssignInput,
  type BulkTagInput,
  type CaseVersionInput,
  type ClaimCaseInput,
  type ConfirmInput,
  type DeclareNoConflictInput,
  type DeclineInput,
  type NoteInput,
  type RecommendInput,
  type RequestInfoInput,
  type ReturnRecommendationInput,
  type SetCaseTagInput,
  type StaffMessageInput,
} from '@/lib/validation/review';
import { forgetQueueCounts } from './queue';

type RequestContext = { ip?: string | null };

/** Statuses in which a case can be taken up by a reviewer. */
const claimableStatuses: CaseStatus[] = ['submitted', 'in_review', 'needs_info'];

/**
 * Locks the case row for the rest of the transaction. With `version`, refuses a case that
 * changed since the page was rendered, naming the status it has now.
 */
async function lockCase(tx: Tx, user: CurrentUser, caseId: string, version?: number): Promise<Case> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  assertCan(user, 'case.view', row);
  if (version !== undefined && row.version !== version) throw new AppError('CONFLICT', `review.stale.${row.status}`);
  return row;
}

/** Reviewers decide on the cases they hold; organizers and admins on any. */
function assertHolder(user: CurrentUser, row: Case): void {
  assertCan(user, 'case.review');
  if (user.role === 'reviewer' && row.assigneeId !== user.id) throw new AppError('FORBIDDEN', 'review.notYourCase', undefined, 'case.review');
}

/** Moves the case along the state machine, records the event and the audit entry. */
async function transition(
  tx: Tx,
  user: CurrentUser,
  row: Case,
  to: CaseStatus,
  ctx: RequestContext,
  options: { set?: Partial<typeof cases.$inferInsert>; data?: Record<string, unknown> } = {},
): Promise<void> {
  const rule = findTransition(row.status, to);
  if (!rule || !rule.by.includes(user.role)) throw new AppError('CONFLICT', `review.stale.${row.status}`);
  forgetQueueCounts();
  const now = new Date();
  await tx
    .update(cases)
    .set({ ...options.set, status: to, version: sql`${cases.version} + 1`, updatedAt: now })
    .where(eq(cases.id, row.id));
  await tx.insert(caseEvents).values({ caseId: row.id, actorId: user.id, type: 'status_changed', fromStatus: row.status, toStatus: to, data: options.data ?? {}, createdAt: now });
  await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.status_changed', recordType: 'case', recordId: row.id, data: { from: row.status, to } });
}

/** An internal event on the case's timeline (never shown to the applicant). */
async function internalEvent(tx: Tx, user: CurrentUser, caseId: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await tx.insert(caseEvents).values({ caseId, actorId: user.id, type, isVisibleToApplicant: false, data });
}

async function bumpVersion(tx: Tx, caseId: string, set: Partial<typeof cases.$inferInsert> = {}): Promise<void> {
  await tx
    .update(cases)
    .set({ ...set, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(eq(cases.id, caseId));
}

type Recipient = { email: string; name: string; locale: Locale; reference: string; url: string };

/** The applicant of a case, in the language they chose for contact. */
async function recipientOf(db: Db | Tx, row: Case): Promise<Recipient> {
  const [account] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, row.applicantId));
  const locale = row.contactLocale;
  return { email: account!.email, name: account!.name, locale, reference: row.reference ?? '', url: `${appUrl()}/${locale}/my/cases/${row.id}` };
}

/** Opens an assignment and points the case at its holder, taking a submitted case into review. */
async function assign(
  tx: Tx,
  user: CurrentUser,
  row: Case,
  reviewerId: string,
  declaration: { hasNoConflict: boolean; conflictComment: string | null; assignedById: string | null },
  ctx: RequestContext,
): Promise<void> {
  await tx
    .update(assignments)
    .set({ releasedAt: new Date() })
    .where(and(eq(assignments.caseId, row.id), eq(assignments.role, 'primary'), isNull(assignments.releasedAt)));
  await tx.insert(assignments).values({ caseId: row.id, reviewerId, role: 'primary', ...declaration });
  if (row.status === 'submitted') await transition(tx, user, row, 'in_review', ctx, { set: { assigneeId: reviewerId } });
  else await bumpVersion(tx, row.id, { assigneeId: reviewerId });
  await internalEvent(tx, user, row.id, 'assigned', { reviewerId, byOrganizer: declaration.assignedById !== null });
  await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.assigned', recordType: 'case', recordId: row.id, data: { reviewerId } });
}

/**
 * A reviewer takes an unassigned case, declaring no conflict of interest. Of two reviewers
 * claiming at once, the row lock lets exactly one through; the other is told who has it.
 */
export async function claimCase(db: Db, user: CurrentUser | null, input: ClaimCaseInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = claimCaseSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId);
    if (row.assigneeId === user.id) return; // a double click
    if (row.assigneeId) throw new AppError('CONFLICT', 'review.alreadyClaimed');
    if (row.version !== data.version) throw new AppError('CONFLICT', `review.stale.${row.status}`);
    if (!claimableStatuses.includes(row.status)) throw new AppError('CONFLICT', `review.stale.${row.status}`);
    await assign(tx, user, row, user.id, { hasNoConflict: true, conflictComment: data.conflictComment || null, assignedById: null }, ctx);
    if (row.status !== 'submitted') return;
    const to = await recipientOf(tx, row);
    await enqueueMail(tx, caseStatusMail(to.locale, to.email, to.name, to.reference, 'in_review', to.url));
  });
}

/** The holder gives the case back to the queue; it stays in review, unassigned. */
export async function releaseCase(db: Db, user: CurrentUser | null, input: CaseVersionInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = caseVersionSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    if (!row.assigneeId) return;
    assertHolder(user, row);
    await tx
      .update(assignments)
      .set({ releasedAt: new Date() })
      .where(and(eq(assignments.caseId, row.id), eq(assignments.role, 'primary'), isNull(assignments.releasedAt)));
    await bumpVersion(tx, row.id, { assigneeId: null });
    await internalEvent(tx, user, row.id, 'released', { reviewerId: row.assigneeId });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.released', recordType: 'case', recordId: row.id });
  });
}

/** Reviewers, organizers and admins who can hold a case. */
async function assertReviewer(tx: Tx, reviewerId: string): Promise<void> {
  const [reviewer] = await tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, reviewerId));
  if (!reviewer || reviewer.role === 'applicant' || reviewer.disabledAt) throw new AppError('VALIDATION', 'review.notAReviewer', 'reviewerId');
}

/** An organizer or admin assigns (or reassigns) a case to a reviewer, who declares later. */
export async function assignCase(db: Db, user: CurrentUser | null, input: AssignCaseInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.assign');
  const data = assignCaseSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    if (!claimableStatuses.includes(row.status)) throw new AppError('CONFLICT', `review.stale.${row.status}`);
    await assertReviewer(tx, data.reviewerId);
    if (row.assigneeId === data.reviewerId) return;
    await assign(tx, user, row, data.reviewerId, { hasNoConflict: false, conflictComment: null, assignedById: user.id }, ctx);
  });
}

/** Bulk assignment from the queue: cases that cannot be assigned any more are skipped and counted. */
export async function bulkAssign(db: Db, user: CurrentUser | null, input: BulkAssignInput, ctx: RequestContext = {}): Promise<{ done: number; skipped: number }> {
  assertCan(user, 'case.assign');
  const data = bulkAssignSchema.parse(input);
  return db.transaction(async (tx) => {
    await assertReviewer(tx, data.reviewerId);
    const rows = await tx.select().from(cases).where(inArray(cases.id, data.caseIds)).orderBy(cases.id).for('update');
    let done = 0;
    for (const row of rows) {
      if (row.status === 'draft' || !claimableStatuses.includes(row.status) || row.assigneeId === data.reviewerId) continue;
      await assign(tx, user, row, data.reviewerId, { hasNoConflict: false, conflictComment: null, assignedById: user.id }, ctx);
      done++;
    }
    return { done, skipped: data.caseIds.length - done };
  });
}

/** Tags the selected cases with one theme. */
export async function bulkTag(db: Db, user: CurrentUser | null, input: BulkTagInput, ctx: RequestContext = {}): Promise<{ done: number; skipped: number }> {
  assertCan(user, 'case.assign');
  const data = bulkTagSchema.parse(input);
  return db.transaction(async (tx) => {
    const [tag] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.id, data.tagId));
    if (!tag) throw new AppError('VALIDATION', 'validation.invalid', 'tagId');
    const visible = await tx.select({ id: cases.id }).from(cases).where(and(inArray(cases.id, data.caseIds), sql`${cases.status} <> 'draft'`));
    if (visible.length === 0) return { done: 0, skipped: data.caseIds.length };
    const inserted = await tx
      .insert(caseTags)
      .values(visible.map((c) => ({ caseId: c.id, tagId: tag.id })))
      .onConflictDoNothing()
      .returning({ caseId: caseTags.caseId });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.tagged', recordType: 'tag', recordId: tag.id, data: { cases: inserted.length } });
    return { done: inserted.length, skipped: data.caseIds.length - inserted.length };
  });
}

/** Adds or removes one tag on a case. */
export async function setCaseTag(db: Db, user: CurrentUser | null, input: SetCaseTagInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = setCaseTagSchema.parse(input);
  await db.transaction(async (tx) => {
    await lockCase(tx, user, data.caseId);
    const [tag] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.id, data.tagId));
    if (!tag) throw new AppError('VALIDATION', 'validation.invalid', 'tagId');
    if (data.isOn) await tx.insert(caseTags).values({ caseId: data.caseId, tagId: data.tagId }).onConflictDoNothing();
    else await tx.delete(caseTags).where(and(eq(caseTags.caseId, data.caseId), eq(caseTags.tagId, data.tagId)));
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: data.isOn ? 'case.tagged' : 'case.untagged', recordType: 'case', recordId: data.caseId, data: { tagId: data.tagId } });
  });
}

/** A reviewer assigned by an organizer declares they have no conflict of interest. */
export async function declareNoConflict(db: Db, user: CurrentUser | null, input: DeclareNoConflictInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = declareNoConflictSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId);
    if (row.assigneeId !== user.id) throw new AppError('FORBIDDEN', 'review.notYourCase', undefined, 'case.review');
    await tx
      .update(assignments)
      .set({ hasNoConflict: true, conflictComment: data.conflictComment || null })
      .where(and(eq(assignments.caseId, row.id), eq(assignments.reviewerId, user.id), eq(assignments.role, 'primary'), isNull(assignments.releasedAt)));
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.conflict_declared', recordType: 'case', recordId: row.id });
  });
}

/** Asks the applicant for what is missing: a message in the thread and an e-mail; → needs_info. */
export async function requestInformation(db: Db, user: CurrentUser | null, input: RequestInfoInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = requestInfoSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    assertHolder(user, row);
    await transition(tx, user, row, 'needs_info', ctx, { set: { repliedAt: null }, data: { items: data.items } });
    await tx.insert(messages).values({ caseId: row.id, authorId: user.id, body: data.message });
    const to = await recipientOf(tx, row);
    await enqueueMail(tx, infoRequestedMail(to.locale, to.email, to.name, to.reference, data.items, data.message, to.url));
  });
}

/** The holder recommends a protest, resting on their own submitted assessment; → recommended. */
export async function recommendCase(db: Db, user: CurrentUser | null, input: RecommendInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = recommendSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    assertHolder(user, row);
    const [assessment] = await tx
      .select({ id: assessments.id })
      .from(assessments)
      .where(and(eq(assessments.caseId, row.id), eq(assessments.reviewerId, user.id), eq(assessments.status, 'submitted')))
      .orderBy(desc(assessments.submittedAt))
      .limit(1);
    if (!assessment) throw new AppError('CONFLICT', 'review.assessmentRequired');
    await tx.update(assessments).set({ recommendation: 'accept' }).where(eq(assessments.id, assessment.id));
    await transition(tx, user, row, 'recommended', ctx, { set: { recommendedById: user.id, repliedAt: null } });
    await internalEvent(tx, user, row.id, 'recommendation', { rationale: data.rationale });
    const to = await recipientOf(tx, row);
    await enqueueMail(tx, caseStatusMail(to.locale, to.email, to.name, to.reference, 'recommended', to.url));
  });
}

/** A second reviewer, never the recommender, confirms; → accepted. */
export async function confirmRecommendation(db: Db, user: CurrentUser | null, input: ConfirmInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.confirm');
  const data = confirmSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    if (row.status !== 'recommended' || !row.recommendedById) throw new AppError('CONFLICT', `review.stale.${row.status}`);
    assertCan(user, 'case.confirm', { recommendedById: row.recommendedById });
    await tx.insert(assignments).values({ caseId: row.id, reviewerId: user.id, role: 'second', hasNoConflict: true, conflictComment: data.comment || null });
    await transition(tx, user, row, 'accepted', ctx, { data: {} });
    await internalEvent(tx, user, row.id, 'confirmation', { comment: data.comment });
    const to = await recipientOf(tx, row);
    await enqueueMail(tx, caseStatusMail(to.locale, to.email, to.name, to.reference, 'accepted', to.url));
  });
}

/** The second reviewer sends the recommendation back with a reason; → in_review. */
export async function returnRecommendation(db: Db, user: CurrentUser | null, input: ReturnRecommendationInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.confirm');
  const data = returnRecommendationSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    if (row.status !== 'recommended' || !row.recommendedById) throw new AppError('CONFLICT', `review.stale.${row.status}`);
    assertCan(user, 'case.confirm', { recommendedById: row.recommendedById });
    await transition(tx, user, row, 'in_review', ctx, { set: { recommendedById: null } });
    await tx.insert(notes).values({ caseId: row.id, authorId: user.id, body: data.reason });
    await internalEvent(tx, user, row.id, 'recommendation_returned', { reason: data.reason });
  });
}

/** Declines the case with a reason from the list and words for the applicant; → declined. */
export async function declineCase(db: Db, user: CurrentUser | null, input: DeclineInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.review');
  const data = declineSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId, data.version);
    assertHolder(user, row);
    await transition(tx, user, row, 'declined', ctx, { set: { repliedAt: null }, data: { reason: data.reason, message: data.message } });
    const to = await recipientOf(tx, row);
    await enqueueMail(tx, caseDeclinedMail(to.locale, to.email, to.name, to.reference, data.reason, data.message, to.url));
  });
}

/** An internal note: staff only, never shown to the applicant. */
export async function addNote(db: Db, user: CurrentUser | null, input: NoteInput, ctx: RequestContext = {}): Promise<{ id: string }> {
  assertCan(user, 'case.review');
  const data = noteSchema.parse(input);
  return db.transaction(async (tx) => {
    await lockCase(tx, user, data.caseId);
    const [note] = await tx.insert(notes).values({ caseId: data.caseId, authorId: user.id, body: data.body }).returning({ id: notes.id });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.note_added', recordType: 'case', recordId: data.caseId });
    return { id: note!.id };
  });
}

/** A reviewer writes to the applicant in the case's thread; the applicant is told by e-mail. */
export async function postStaffMessage(db: Db, user: CurrentUser | null, input: StaffMessageInput, ctx: RequestContext = {}): Promise<{ id: string }> {
  assertCan(user, 'case.review');
  const data = staffMessageSchema.parse(input);
  const id = await db.transaction(async (tx) => {
    const row = await lockCase(tx, user, data.caseId);
    if (row.status === 'withdrawn') throw new AppError('CONFLICT', 'review.stale.withdrawn');
    const [message] = await tx.insert(messages).values({ caseId: row.id, authorId: user.id, body: data.body }).returning({ id: messages.id });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.message_sent', recordType: 'case', recordId: row.id });
    const to = await recipientOf(tx, row);
    await enqueueMail(tx, newMessageMail(to.locale, to.email, to.name, to.reference, to.url));
    return message!.id;
  });
  return { id };
}
