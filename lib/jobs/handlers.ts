import type { Db } from '@/db/client';
import { MAIL_JOB, mailJob } from '@/lib/mail/send';

export type JobContext = { db: Db };

export type JobHandler = {
  /**
   * Does the job; throwing means "try again later" (or gives up after `maxAttempts`). What it
   * returns as `payload` replaces the stored payload once the job is done, to drop what must not
   * stay at rest. The error's message is stored as the job's last error: it must not carry secrets.
   */
  run: (payload: Record<string, unknown>, ctx: JobContext) => Promise<{ payload?: Record<string, unknown> } | void>;
  /** Tries before the job is marked failed. */
  maxAttempts: () => number;
  /** Jobs with the same key that one worker claims together run in queue order (e.g. mails to one address). */
  sequenceKey?: (payload: Record<string, unknown>) => string | undefined;
};

/** One handler per job kind. A worker claims only the kinds listed here. */
export const jobHandlers: Record<string, JobHandler> = {
  [MAIL_JOB]: mailJob,
};
