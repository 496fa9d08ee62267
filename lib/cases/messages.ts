import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { caseEvents, cases, messages, users } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { postMessageSchema, withdrawCaseSchema, type PostMessageInput, type WithdrawCaseInput } from '@/lib/validation/case-messages';
import { findTransition } from './status';

type RequestContext = { ip?: string | null };

export type CaseMessage = { id: string; body: string; createdAt: Date; isFromApplicant: boolean; authorName: string | null };

/** The thread of a case, oldest first, for the applicant who owns it or staff who may see it. */
export async function listCaseMessages(user: CurrentUser | null, caseId: string, db: Db = getDb()): Promise<CaseMessage[]> {
  const [row] = await db.select({ applicantId: cases.applicantId, status: cases.status }).from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND');
  assertCan(user, 'case.view', row);
  const rows = await db
    .select({ id: messages.id, body: messages.body, createdAt: messages.createdAt, authorId: messages.authorId, authorName: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorId))
    .where(eq(messages.caseId, caseId))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map((m) => ({ id: m.id, body: m.body, createdAt: m.createdAt, isFromApplicant: m.authorId === row.applicantId, authorName: m.authorName }));
}

/**
 * The applicant writes to the reviewers about their own submitted case. An answer to an
 * information request sends the case back to review and restarts its waiting time.
 */
export async function postApplicantMessage(db: Db, user: CurrentUser | null, input: PostMessageInput, ctx: RequestContext = {}): Promise<{ id: string }> {
  assertCan(user, 'case.file');
  const { caseId, body } = postMessageSchema.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    assertCan(user, 'case.file', row);
    if (row.status === 'draft' || row.status === 'withdrawn') throw new AppError('CONFLICT', 'caseView.cannotMessage');
    const now = new Date();
    const [message] = await tx.insert(messages).values({ caseId, authorId: user.id, body, createdAt: now }).returning({ id: messages.id });
    if (row.status === 'needs_info' && findTransition('needs_info', 'in_review')?.by.includes('owner')) {
      // repliedAt brings the case to the top of its reviewer's list; version makes open reviewer pages stale.
      await tx
        .update(cases)
        .set({ status: 'in_review', waitingSince: now, repliedAt: now, version: sql`${cases.version} + 1`, updatedAt: now })
        .where(eq(cases.id, caseId));
      await tx.insert(caseEvents).values({ caseId, actorId: user.id, type: 'status_changed', fromStatus: 'needs_info', toStatus: 'in_review', data: { reason: 'applicant_replied' }, createdAt: now });
      await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.status_changed', recordType: 'case', recordId: caseId, data: { from: 'needs_info', to: 'in_review' } });
    } else {
      await tx.update(cases).set({ updatedAt: now }).where(and(eq(cases.id, caseId)));
    }
    return { id: message!.id };
  });
}

/** The applicant withdraws their own case, allowed from any status before it was filed. */
export async function withdrawCase(db: Db, user: CurrentUser | null, input: WithdrawCaseInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(user, 'case.file');
  const { caseId } = withdrawCaseSchema.parse(input);
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    assertCan(user, 'case.file', row);
    if (!findTransition(row.status, 'withdrawn')?.by.includes('owner')) throw new AppError('CONFLICT', 'caseView.cannotWithdraw');
    const now = new Date();
    await tx.update(cases).set({ status: 'withdrawn', version: sql`${cases.version} + 1`, updatedAt: now }).where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values({ caseId, actorId: user.id, type: 'status_changed', fromStatus: row.status, toStatus: 'withdrawn', createdAt: now });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.status_changed', recordType: 'case', recordId: caseId, data: { from: row.status, to: 'withdrawn' } });
  });
}
