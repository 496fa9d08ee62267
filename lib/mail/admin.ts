import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { jobs } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { nudgeWorker } from '@/lib/jobs/queue';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';
import { retryMailSchema, type RetryMailInput } from '@/lib/validation/mail';
import { MAIL_JOB } from './send';

type RequestContext = { ip?: string | null };

export type FailedMail = { id: number; to: string; subject: string; attempts: number; lastError: string | null; failedAt: Date };

/** Mails the worker gave up on, newest first (admin page /admin/mail). Never their bodies. */
export async function listFailedMails(user: CurrentUser | null, page: number, db: Db = getDb()): Promise<Page<FailedMail>> {
  assertCan(user, 'mail.manage');
  const rows = await db
    .select({
      id: jobs.id,
      to: sql<string>`${jobs.payload}->>'to'`,
      subject: sql<string>`${jobs.payload}->>'subject'`,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      finishedAt: jobs.finishedAt,
      createdAt: jobs.createdAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(jobs)
    // The partial index jobs_failed_idx (kind, created_at) where status = 'failed'.
    .where(and(eq(jobs.kind, MAIL_JOB), eq(jobs.status, 'failed')))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(
    rows.map((r) => ({ id: r.id, to: r.to ?? '', subject: r.subject ?? '', attempts: r.attempts, lastError: r.lastError, failedAt: r.finishedAt ?? r.createdAt })),
    Number(rows[0]?.total ?? 0),
    page,
  );
}

/**
 * "Send again": the failed mail is due again now with a fresh count of tries. A mail someone else
 * already sent again is left as it is (a double click changes nothing).
 */
export async function retryFailedMail(db: Db, user: CurrentUser | null, input: RetryMailInput, ctx: RequestContext = {}): Promise<{ retried: boolean }> {
  assertCan(user, 'mail.manage');
  const { jobId } = retryMailSchema.parse(input);
  const retried = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(jobs)
      .set({ status: 'pending', attempts: 0, runAt: sql`now()`, lastError: null, finishedAt: null, lockedAt: null, lockedBy: null })
      .where(and(eq(jobs.id, jobId), eq(jobs.kind, MAIL_JOB), eq(jobs.status, 'failed')))
      .returning({ id: jobs.id });
    if (!row) {
      const [exists] = await tx.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.id, jobId), eq(jobs.kind, MAIL_JOB)));
      if (!exists) throw new AppError('NOT_FOUND');
      return false;
    }
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'mail.retried', recordType: 'job', recordId: String(jobId) });
    return true;
  });
  if (retried) nudgeWorker();
  return { retried };
}
