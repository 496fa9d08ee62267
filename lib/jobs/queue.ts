import type { DbOrTx } from '@/db/client';
import { jobs } from '@/db/schema';

/*
 * Background work goes through the `jobs` table. A job is inserted in the transaction of the change
 * that caused it, so it exists if and only if that change committed; a worker in every app instance
 * (lib/jobs/worker.ts) claims due jobs and runs them. Delivery is at least once: see the worker.
 */

export type NewJob = {
  /** Which handler runs it (lib/jobs/handlers.ts). */
  kind: string;
  payload: Record<string, unknown>;
  /** Not before this time; now when omitted. */
  runAt?: Date;
};

// On globalThis: Turbopack may load this module twice in one process, and the worker must hear both.
const hook: { nudge?: () => void } = ((globalThis as { __redressJobNudge?: { nudge?: () => void } }).__redressJobNudge ??= {});

/** The worker of this process registers how to wake it (lib/jobs/worker.ts). */
export function setEnqueueNudge(fn: (() => void) | undefined): void {
  hook.nudge = fn;
}

/** Wakes this process's worker (when one runs) for a job that just became due. */
export function nudgeWorker(): void {
  hook.nudge?.();
}

/**
 * Adds a job in `db`, which should be the transaction of the change that caused it. Wakes this
 * process's worker shortly after (when one runs), so the job does not wait for the next poll; the
 * worker of any instance picks it up at its next poll anyway.
 */
export async function enqueue(db: DbOrTx, job: NewJob): Promise<number> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: job.kind, payload: job.payload, ...(job.runAt ? { runAt: job.runAt } : {}) })
    .returning({ id: jobs.id });
  nudgeWorker();
  return row!.id;
}
