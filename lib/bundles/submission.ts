import 'server-only';
import type { Readable } from 'node:stream';
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db/client';
import { bundleAttachments, bundleCases, bundleExports, bundles, caseEvents, cases, users, type Bundle, type BundleAttachment, type BundleAttachmentPurpose, type CaseStatus } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { findTransition } from '@/lib/cases/status';
import { MAX_FILE_BYTES } from '@/lib/documents/limits';
import { cleanFileName, storeUpload } from '@/lib/documents/mutations';
import { isUuid } from '@/lib/validation/ids';
import { appUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { enqueueMail } from '@/lib/mail/send';
import type { Saved } from './bundles';
import { caseStatusMail, protestOutcomeMail } from '@/lib/mail/templates';
import { getStorage } from '@/lib/storage';
import { recordAnswerSchema, submitBundleSchema, type RecordAnswerInput, type SubmitBundleInput } from '@/lib/validation/bundles';

type RequestContext = { ip?: string | null };

/** Which bundle status each attachment belongs to: the stamped cover on submitting, the reply on answering. */
const STATUS_FOR: Record<BundleAttachmentPurpose, Bundle['status']> = { stamped_cover: 'finalized', answer: 'submitted' };

export type AttachmentView = Pick<BundleAttachment, 'id' | 'purpose' | 'originalName' | 'contentType' | 'sizeBytes' | 'sha256' | 'createdAt'>;

/** Checks the bundle exists and is at the step where this file is needed (before reading the body). */
export async function assertCanAttach(user: CurrentUser | null, bundleId: string, purpose: BundleAttachmentPurpose, db: Db = getDb()): Promise<void> {
  assertCan(user, 'bundle.manage');
  if (!isUuid(bundleId)) throw new AppError('NOT_FOUND');
  const [row] = await db.select({ status: bundles.status }).from(bundles).where(eq(bundles.id, bundleId));
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status !== STATUS_FOR[purpose]) throw new AppError('CONFLICT', 'bundles.wrongStep');
}

export function isAttachmentPurpose(value: unknown): value is BundleAttachmentPurpose {
  return value === 'stamped_cover' || value === 'answer';
}

/**
 * Stores the stamped cover letter's scan or the prosecutor's reply (PDF, JPEG or PNG, detected
 * from the bytes), encrypted like case documents. The submission or the answer then names it.
 */
export async function addBundleAttachment(
  user: CurrentUser | null,
  input: { bundleId: string; purpose: BundleAttachmentPurpose; originalName: string; stream: Readable },
  ctx: RequestContext = {},
  db: Db = getDb(),
): Promise<AttachmentView> {
  await assertCanAttach(user, input.bundleId, input.purpose, db);
  const { stored, contentType } = await storeUpload(input.stream, MAX_FILE_BYTES, undefined, { actorId: user!.id, ip: ctx.ip, recordType: 'bundle', recordId: input.bundleId, db });
  try {
    const [row] = await db
      .insert(bundleAttachments)
      .values({
        bundleId: input.bundleId,
        purpose: input.purpose,
        originalName: cleanFileName(input.originalName),
        contentType,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedById: user!.id,
      })
      .returning();
    await recordAudit(db, { actorId: user!.id, ip: ctx.ip, action: 'bundle.attachment_added', recordType: 'bundle', recordId: input.bundleId, data: { purpose: input.purpose, sizeBytes: stored.sizeBytes } });
    const { id, purpose, originalName, sizeBytes, sha256, createdAt } = row!;
    return { id, purpose, originalName, contentType, sizeBytes, sha256, createdAt };
  } catch (error) {
    await getStorage()
      .remove(stored.key)
      .catch(() => console.error('Could not remove a refused upload:', stored.key));
    throw error;
  }
}

/** Streams a bundle attachment to an organizer (audited). */
export async function openBundleAttachment(user: CurrentUser | null, bundleId: string, attachmentId: string, ctx: RequestContext = {}, db: Db = getDb()) {
  assertCan(user, 'bundle.manage');
  if (!isUuid(bundleId) || !isUuid(attachmentId)) throw new AppError('NOT_FOUND');
  const [row] = await db
    .select()
    .from(bundleAttachments)
    .where(and(eq(bundleAttachments.id, attachmentId), eq(bundleAttachments.bundleId, bundleId)));
  if (!row) throw new AppError('NOT_FOUND');
  const stream = await getStorage().get(row.storageKey);
  await recordAudit(db, { actorId: user!.id, ip: ctx.ip, action: 'bundle.attachment_viewed', recordType: 'bundle', recordId: bundleId, data: { attachmentId } });
  return { attachment: row, stream };
}

async function lockAt(tx: Tx, user: CurrentUser, bundleId: string, version: number, status: Bundle['status']): Promise<Bundle> {
  const [row] = await tx.select().from(bundles).where(eq(bundles.id, bundleId)).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status !== status) throw new AppError('CONFLICT', 'bundles.wrongStep');
  if (row.version !== version) throw new AppError('CONFLICT', 'bundles.stale');
  return row;
}

async function assertAttachment(tx: Tx, bundleId: string, attachmentId: string, purpose: BundleAttachmentPurpose): Promise<void> {
  const [row] = await tx
    .select({ id: bundleAttachments.id })
    .from(bundleAttachments)
    .where(and(eq(bundleAttachments.id, attachmentId), eq(bundleAttachments.bundleId, bundleId), eq(bundleAttachments.purpose, purpose)));
  if (!row) throw new AppError('VALIDATION', 'validation.attachmentRequired', purpose === 'answer' ? 'answerId' : 'stampedCoverId');
}

/** Moves a member case along the state machine with its event, audit entry and the applicant's mail. */
async function moveCase(
  tx: Tx,
  user: CurrentUser,
  row: typeof cases.$inferSelect,
  to: CaseStatus,
  bundleId: string,
  ctx: RequestContext,
  note = '',
): Promise<void> {
  const rule = findTransition(row.status, to);
  if (!rule?.by.includes(user.role)) throw new AppError('FORBIDDEN', undefined, undefined, 'bundle.manage');
  const now = new Date();
  await tx.update(cases).set({ status: to, version: row.version + 1, updatedAt: now }).where(eq(cases.id, row.id));
  await tx.insert(caseEvents).values({ caseId: row.id, actorId: user.id, type: 'status_changed', fromStatus: row.status, toStatus: to, data: { bundleId, ...(note ? { note } : {}) }, createdAt: now });
  await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.status_changed', recordType: 'case', recordId: row.id, data: { from: row.status, to, bundleId } });
  const [account] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, row.applicantId));
  const locale = row.contactLocale;
  const url = `${appUrl()}/${locale}/my/cases/${row.id}`;
  await enqueueMail(tx, to === 'filed' ? caseStatusMail(locale, account!.email, account!.name, row.reference!, to, url) : protestOutcomeMail(locale, account!.email, account!.name, row.reference!, to, note, url));
}

async function memberCases(tx: Tx, bundleId: string) {
  const ids = (await tx.select({ caseId: bundleCases.caseId }).from(bundleCases).where(eq(bundleCases.bundleId, bundleId))).map((m) => m.caseId);
  return ids.length ? tx.select().from(cases).where(inArray(cases.id, ids)).for('update') : [];
}

/**
 * Records that the finalized bundle was handed in: the date, the office's registry number and
 * the stamped cover letter. Its cases move to `filed` (a case its applicant withdrew meanwhile
 * stays withdrawn) and each applicant is told.
 */
export async function submitBundle(db: Db, user: CurrentUser | null, input: SubmitBundleInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = submitBundleSchema.parse(input);
  await db.transaction(async (tx) => {
    const bundle = await lockAt(tx, user!, data.bundleId, data.version, 'finalized');
    await assertAttachment(tx, bundle.id, data.stampedCoverId, 'stamped_cover');
    if (bundle.finalizedAt && data.submittedOn < bundle.finalizedAt.toISOString().slice(0, 10)) throw new AppError('VALIDATION', 'bundles.submittedBeforeFinalized', 'submittedOn');
    await tx
      .update(bundles)
      .set({ status: 'submitted', submittedOn: data.submittedOn, registryNumber: data.registryNumber, stampedCoverId: data.stampedCoverId, version: bundle.version + 1, updatedAt: new Date() })
      .where(eq(bundles.id, bundle.id));
    for (const row of await memberCases(tx, bundle.id)) if (row.status === 'bundled') await moveCase(tx, user!, row, 'filed', bundle.id, ctx);
    await recordAudit(tx, { actorId: user!.id, ip: ctx.ip, action: 'bundle.submitted', recordType: 'bundle', recordId: bundle.id, data: { submittedOn: data.submittedOn, registryNumber: data.registryNumber } });
  });
  return { version: data.version + 1 };
}

/**
 * Records the prosecutor's answer: the date, the reply document, and per filed case whether a
 * protest was brought. Every filed case needs an outcome; each applicant is told in their language.
 */
export async function recordAnswer(db: Db, user: CurrentUser | null, input: RecordAnswerInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = recordAnswerSchema.parse(input);
  await db.transaction(async (tx) => {
    const bundle = await lockAt(tx, user!, data.bundleId, data.version, 'submitted');
    await assertAttachment(tx, bundle.id, data.answerId, 'answer');
    if (bundle.submittedOn && data.answeredOn < bundle.submittedOn) throw new AppError('VALIDATION', 'bundles.answeredBeforeSubmitted', 'answeredOn');
    const filed = (await memberCases(tx, bundle.id)).filter((c) => c.status === 'filed');
    const outcomeOf = new Map(data.outcomes.map((o) => [o.caseId, o]));
    if (filed.some((c) => !outcomeOf.has(c.id)) || data.outcomes.some((o) => !filed.some((c) => c.id === o.caseId))) throw new AppError('VALIDATION', 'bundles.outcomesIncomplete', 'outcomes');
    await tx
      .update(bundles)
      .set({ status: 'answered', answeredOn: data.answeredOn, answerId: data.answerId, version: bundle.version + 1, updatedAt: new Date() })
      .where(eq(bundles.id, bundle.id));
    for (const row of filed) {
      const { outcome, note } = outcomeOf.get(row.id)!;
      await tx.update(bundleCases).set({ outcome, outcomeNote: note || null }).where(and(eq(bundleCases.bundleId, bundle.id), eq(bundleCases.caseId, row.id)));
      await moveCase(tx, user!, row, outcome, bundle.id, ctx, note);
    }
    const brought = data.outcomes.filter((o) => o.outcome === 'protest_brought').length;
    await recordAudit(tx, { actorId: user!.id, ip: ctx.ip, action: 'bundle.answered', recordType: 'bundle', recordId: bundle.id, data: { answeredOn: data.answeredOn, brought, refused: data.outcomes.length - brought } });
  });
  return { version: data.version + 1 };
}

/** What the frozen bundle's page shows of its history: exports, the stamped cover, the reply. */
export async function loadBundleRecord(user: CurrentUser | null, bundleId: string, db: Db = getDb()) {
  assertCan(user, 'bundle.manage');
  const [exports, attachments] = await Promise.all([
    db
      .select({ id: bundleExports.id, format: bundleExports.format, sha256: bundleExports.sha256, sizeBytes: bundleExports.sizeBytes, createdAt: bundleExports.createdAt, by: users.name })
      .from(bundleExports)
      .innerJoin(users, eq(users.id, bundleExports.createdById))
      .where(and(eq(bundleExports.bundleId, bundleId), eq(bundleExports.status, 'done')))
      .orderBy(desc(bundleExports.createdAt))
      .limit(EXPORT_HISTORY_ROWS),
    db
      .select({ id: bundleAttachments.id, purpose: bundleAttachments.purpose, originalName: bundleAttachments.originalName, sizeBytes: bundleAttachments.sizeBytes })
      .from(bundleAttachments)
      .innerJoin(bundles, eq(bundles.id, bundleAttachments.bundleId))
      .where(and(eq(bundleAttachments.bundleId, bundleId), or(eq(bundles.stampedCoverId, bundleAttachments.id), eq(bundles.answerId, bundleAttachments.id)))),
  ]);
  return {
    exports,
    stampedCover: attachments.find((a) => a.purpose === 'stamped_cover') ?? null,
    answer: attachments.find((a) => a.purpose === 'answer') ?? null,
  };
}

/** The page lists the latest exports; the audit log keeps them all. */
const EXPORT_HISTORY_ROWS = 20;
