import { and, asc, count, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { jobs, mailboxMessages } from '@/db/schema';
import { runDueJobs } from '@/lib/jobs/worker';
import { MAIL_JOB } from '@/lib/mail/send';

/**
 * Plays the jobs worker: runs rounds until no mail job is due any more (a mail that failed and waits
 * for its next try is not due). Without SMTP_URL the mails land in the dev mailbox table.
 * Returns how many jobs were claimed.
 */
export async function deliverMail(db: Db = getDb()): Promise<number> {
  let claimed = 0;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const round = await runDueJobs(db, { workerId: TEST_WORKER, kinds: [MAIL_JOB] });
    claimed += round.claimed;
    if (round.claimed > 0) continue;
    // Another delivery of this test (tests read several mailboxes at once) may still be sending a
    // mail it claimed: wait for it, or a mailbox would be read a moment too early.
    const [sending] = await db
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.kind, MAIL_JOB), eq(jobs.status, 'running'), eq(jobs.lockedBy, TEST_WORKER)));
    if (!sending?.n || Date.now() > deadline) return claimed;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const TEST_WORKER = 'tests';

/** Delivers due mail, then the dev mailbox's messages to `email`, oldest first. */
export async function mailsTo(email: string, db: Db = getDb()) {
  await deliverMail(db);
  return db.select().from(mailboxMessages).where(eq(mailboxMessages.to, email)).orderBy(asc(mailboxMessages.id));
}
