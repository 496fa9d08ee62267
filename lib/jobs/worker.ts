import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { jobs } from '@/db/schema';
import { jobHandlers } from './handlers';
import { setEnqueueNudge } from './queue';

/*
 * The jobs worker. Every app instance runs one (started in lib/boot.ts); they share the work
 * through the database:
 *
 * - A worker claims due jobs with one UPDATE whose inner SELECT takes them FOR UPDATE SKIP LOCKED:
 *   two instances never claim the same job, and neither waits for the other.
 * - A claimed job is `running` with `locked_at`. If the instance dies (killed, crashed, host lost),
 *   its jobs stay `running`; once `locked_at` is older than STALE_AFTER_SECONDS any worker claims
 *   them again, so the app sends them after a restart (or another instance does at once).
 * - Delivery is AT LEAST ONCE, not exactly once: an instance killed after the SMTP server accepted a
 *   mail but before `done` was written sends that mail a second time when the job is reclaimed.
 *   The window is the few milliseconds between the server's "250 OK" and the UPDATE; nothing
 *   short of the SMTP server de-duplicating can close it. A mail is never lost.
 * - A failure (the server refuses, the network is down) puts the job back to `pending` with
 *   `run_at` pushed out by backoffMs(attempts); after the handler's maxAttempts it becomes `failed`
 *   with `last_error` (the server's reply, never the mail), for an admin to see and send again.
 */

/** How often the worker looks for due jobs (enqueue also wakes the local worker at once). */
export const POLL_INTERVAL_MS = 1000;
/** The pause after an enqueue before the nudged look, so the enqueuing transaction has usually committed. */
const NUDGE_DELAY_MS = 50;
/**
 * A job `running` for longer than this belongs to a worker that died, and is claimed again. It must
 * exceed the longest a handler can run: SMTP sends time out well before (lib/mail/send.ts).
 */
export const STALE_AFTER_SECONDS = 300;
/** Jobs claimed at once; they run concurrently, and a full batch is followed at once by the next. */
export const CLAIM_BATCH = 20;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 3_600_000;
const MAX_ERROR_LENGTH = 500;

/** The wait after the n-th failed try: 1, 2, 4, 8 … minutes, at most an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/** A worker's name in `locked_by`: host, process and a random part, to tell workers apart when diagnosing. */
export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}

type Claimed = { id: number; kind: string; payload: Record<string, unknown>; attempts: number; runAtMs: number };

export type RunResult = { claimed: number; done: number; retried: number; failed: number };

/** Claims up to `limit` due jobs of the given kinds for `workerId`, in one statement. */
export async function claimJobs(db: Db, workerId: string, limit: number, kinds: string[]): Promise<Claimed[]> {
  if (kinds.length === 0 || limit < 1) return [];
  const result = await db.execute<Claimed>(sql`
    update ${jobs} set status = 'running', locked_at = now(), locked_by = ${workerId}, attempts = attempts + 1
    where id in (
      select id from ${jobs}
      where ((status = 'pending' and run_at <= now())
          or (status = 'running' and locked_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS})))
        and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, kind, payload, attempts, (extract(epoch from run_at) * 1000)::float8 as "runAtMs"`);
  // RETURNING follows no ORDER BY: put the batch back in queue order.
  return result.rows
    .map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), runAtMs: Number(r.runAtMs) }))
    .sort((a, b) => a.runAtMs - b.runAtMs || a.id - b.id);
}

/** The stored form of a failure: one line, no links (a sign-in link must never land in last_error), bounded. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return message.replace(/https?:\/\/\S+/g, '[link]').replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_LENGTH) || 'unknown error';
}

async function runOne(db: Db, workerId: string, job: Claimed): Promise<'done' | 'retried' | 'failed'> {
  const handler = jobHandlers[job.kind]!;
  const maxAttempts = handler.maxAttempts();
  // Owned by this worker still: a slower worker whose job was reclaimed as stale must not overwrite it.
  const mine = sql`id = ${job.id} and status = 'running' and locked_by = ${workerId}`;
  if (job.attempts > maxAttempts) {
    // Its last try was cut off by a dying worker (a crash loop, say): give up rather than try forever.
    await db.execute(sql`update ${jobs} set status = 'failed', finished_at = now(), last_error = ${'stopped while running its last try'} where ${mine}`);
    return 'failed';
  }
  let outcome: Awaited<ReturnType<typeof handler.run>>;
  try {
    outcome = await handler.run(job.payload, { db });
  } catch (error) {
    const lastError = errorText(error);
    if (job.attempts >= maxAttempts) {
      await db.execute(sql`update ${jobs} set status = 'failed', finished_at = now(), last_error = ${lastError} where ${mine}`);
      return 'failed';
    }
    const delaySeconds = backoffMs(job.attempts) / 1000;
    await db.execute(
      sql`update ${jobs} set status = 'pending', run_at = now() + make_interval(secs => ${delaySeconds}), last_error = ${lastError} where ${mine}`,
    );
    return 'retried';
  }
  const payload = outcome?.payload;
  await db.execute(
    payload
      ? sql`update ${jobs} set status = 'done', finished_at = now(), last_error = null, payload = ${JSON.stringify(payload)}::jsonb where ${mine}`
      : sql`update ${jobs} set status = 'done', finished_at = now(), last_error = null where ${mine}`,
  );
  return 'done';
}

/**
 * Jobs with the same sequence key (mails to one address) run one after another in queue order, so
 * a reset link never overtakes the verification link sent before it; the others run concurrently.
 */
function inSequences(claimed: Claimed[]): Claimed[][] {
  const groups = new Map<string, Claimed[]>();
  for (const job of claimed) {
    const key = `${job.kind}:${jobHandlers[job.kind]?.sequenceKey?.(job.payload) ?? job.id}`;
    const group = groups.get(key);
    if (group) group.push(job);
    else groups.set(key, [job]);
  }
  return [...groups.values()];
}

/**
 * One round: claims a batch of due jobs and runs them (concurrently, but in order per sequence key).
 * Returns what happened.
 * Tests call it directly (tests/support/mail.ts); the background loop below calls it every second.
 */
export async function runDueJobs(db: Db, options: { workerId?: string; limit?: number; kinds?: string[] } = {}): Promise<RunResult> {
  const workerId = options.workerId ?? worker().id;
  const kinds = (options.kinds ?? Object.keys(jobHandlers)).filter((k) => k in jobHandlers);
  const claimed = await claimJobs(db, workerId, options.limit ?? CLAIM_BATCH, kinds);
  const result: RunResult = { claimed: claimed.length, done: 0, retried: 0, failed: 0 };
  await Promise.all(
    inSequences(claimed).map(async (sequence) => {
      for (const job of sequence) {
        try {
          result[await runOne(db, workerId, job)]++;
        } catch (error) {
          // Recording the outcome failed (the database went away): the job stays `running` and is
          // reclaimed after STALE_AFTER_SECONDS.
          console.error('Jobs worker: could not record a job outcome:', errorText(error));
        }
      }
    }),
  );
  return result;
}

type WorkerState = {
  id: string;
  timer?: NodeJS.Timeout;
  nudgeTimer?: NodeJS.Timeout;
  busy?: Promise<void>;
  onSignal?: (signal: NodeJS.Signals) => void;
  again: boolean;
  stopped: boolean;
};

// One worker per process, also when Turbopack loads this module twice.
function worker(): WorkerState {
  const g = globalThis as { __redressJobWorker?: WorkerState };
  return (g.__redressJobWorker ??= { id: newWorkerId(), again: false, stopped: true });
}

/** Runs rounds until a round claims less than a full batch; a nudge during it asks for another pass. */
function tick(): void {
  const state = worker();
  if (state.stopped) return;
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = (async () => {
    do {
      state.again = false;
      for (;;) {
        const round = await runDueJobs(getDb(), { workerId: state.id });
        if (state.stopped || round.claimed < CLAIM_BATCH) break;
      }
    } while (state.again && !state.stopped);
  })()
    .catch((error: unknown) => console.error('Jobs worker failed:', errorText(error)))
    .finally(() => {
      state.busy = undefined;
    });
}

function nudge(): void {
  const state = worker();
  if (state.stopped || state.nudgeTimer) return;
  state.nudgeTimer = setTimeout(() => {
    state.nudgeTimer = undefined;
    tick();
  }, NUDGE_DELAY_MS);
  state.nudgeTimer.unref();
}

/**
 * Starts this process's worker (lib/boot.ts, at server start; never during `next build`).
 * On SIGTERM/SIGINT it stops claiming; a job cut off mid-run is reclaimed after the stale timeout.
 */
export function startJobWorker(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const state = worker();
  if (!state.stopped) return;
  state.stopped = false;
  setEnqueueNudge(nudge);
  state.timer = setInterval(tick, POLL_INTERVAL_MS);
  // The worker alone must not keep a process alive.
  state.timer.unref();
  state.onSignal = (signal) => {
    void stopJobWorker();
    // Next.js exits on these signals itself; if nothing else listens, keep the default (exit).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('SIGTERM', state.onSignal);
  process.once('SIGINT', state.onSignal);
  tick();
}

/** Stops the worker and waits for the round in progress (used on shutdown and by tests). */
export async function stopJobWorker(): Promise<void> {
  const state = worker();
  state.stopped = true;
  setEnqueueNudge(undefined);
  clearInterval(state.timer);
  clearTimeout(state.nudgeTimer);
  state.timer = undefined;
  state.nudgeTimer = undefined;
  if (state.onSignal) {
    process.off('SIGTERM', state.onSignal);
    process.off('SIGINT', state.onSignal);
    state.onSignal = undefined;
  }
  await state.busy;
}
