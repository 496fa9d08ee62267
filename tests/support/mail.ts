import { asc, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { mailboxMessages } from '@/db/schema';
import { runDueJobs } from '@/lib/jobs/worker';
import { MAIL_JOB } from '@/lib/mail/send';

/**
 * Plays the jobs worker: runs rounds until no mail job is due any more (a mail that failed and waits
 * for its next try is not due). Without SMTP_URL the mails land in the dev mailbox table.
 * Returns how many jobs were claimed.
 */
export async function deliverMail(db: Db = getDb()): Promise<number> {
  let claimed = 0;
  for (;;) {
    const round = await runDueJobs(db, { workerId: 'tests', kinds: [MAIL_JOB] });
    claimed += round.claimed;
    if (round.claimed === 0) return claimed;
  }
}

/** Delivers due mail, then the dev mailbox's messages to `email`, oldest first. */
export async function mailsTo(email: string, db: Db = getDb()) {
  await deliverMail(db);
  return db.select().from(mailboxMessages).where(eq(mailboxMessages.to, email)).orderBy(asc(mailboxMessages.id));
}
