// No 'server-only' here: lib/boot.ts (instrumentation) starts the maintenance that uses this module.
import { sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db/client';
import { removeStoredFiles } from './erase';
import { eraseExpiredDeclinedCases } from './retention';
import { hashClosedPetitionSignatures, purgeUnconfirmedSignatures } from './signatures';

/*
 * The periodic privacy work: purge unconfirmed signatures after 7 days, replace the addresses of
 * closed petitions' signatures by their keyed hash, erase declined cases past their retention.
 * In bounded batches, each its own short transaction (PGlite has one connection: nothing waits
 * long behind it), each under a transaction-scoped advisory lock so that of several app instances
 * only one works at a time; a backlog larger than a run's batches is finished by later runs.
 */

/** Any constant shared by every instance ("RDPV"). */
const LOCK_KEY = 0x52_44_50_56;
export const SIGNATURE_BATCH = 1_000;
export const CASE_BATCH = 50;
/** Batches per task and run: at most 20 000 signatures and 1 000 cases an hour. */
const MAX_BATCHES = 20;
const HOUR_MS = 3_600_000;
/** The first run after boot: after the server has settled, not in the middle of its start. */
const FIRST_RUN_MS = 60_000;

export type MaintenanceReport = { purgedSignatures: number; hashedSignatures: number; erasedCases: number };

type Batch = (tx: Tx) => Promise<{ done: number; storageKeys?: string[] }>;

/** Runs `batch` under the lock until it does less than `size`; null if another instance holds the lock. */
async function drain(db: Db, size: number, batch: Batch): Promise<number | null> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const outcome = await db.transaction(async (tx) => {
      const locked = (await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`)).rows[0]?.locked;
      if (!locked) return null;
      return batch(tx);
    });
    if (!outcome) return i === 0 ? null : total;
    // Files go only once the rows' erasure has committed.
    if (outcome.storageKeys?.length) await removeStoredFiles(outcome.storageKeys);
    total += outcome.done;
    if (outcome.done < size) break;
  }
  return total;
}

/**
 * One maintenance run at `now` (ages of signatures and of declined cases are measured from it;
 * whether a petition still takes signatures follows the database clock, as everywhere). Returns
 * what it did, or null when another instance is running it.
 */
export async function runPrivacyMaintenance(db: Db = getDb(), now: Date = new Date()): Promise<MaintenanceReport | null> {
  const purged = await drain(db, SIGNATURE_BATCH, async (tx) => ({ done: await purgeUnconfirmedSignatures(tx, now, SIGNATURE_BATCH) }));
  if (purged === null) return null;
  const hashed = await drain(db, SIGNATURE_BATCH, async (tx) => ({ done: await hashClosedPetitionSignatures(tx, SIGNATURE_BATCH) }));
  const erased = await drain(db, CASE_BATCH, async (tx) => {
    const { erased: done, storageKeys } = await eraseExpiredDeclinedCases(tx, now, CASE_BATCH);
    return { done, storageKeys };
  });
  return { purgedSignatures: purged, hashedSignatures: hashed ?? 0, erasedCases: erased ?? 0 };
}

let started = false;

/** Starts the hourly run in this process (instrumentation, via lib/boot.ts): once a minute after boot, then every hour. */
export function startPrivacyMaintenance(): void {
  if (started) return;
  started = true;
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    runPrivacyMaintenance()
      .then((report) => {
        if (report && (report.purgedSignatures || report.hashedSignatures || report.erasedCases)) {
          console.log(`Privacy maintenance: ${report.purgedSignatures} unconfirmed signature(s) purged, ${report.hashedSignatures} address(es) hashed, ${report.erasedCases} declined case(s) erased.`);
        }
      })
      .catch((error: unknown) => console.error('Privacy maintenance failed:', error instanceof Error ? error.message : 'unknown error'))
      .finally(() => {
        running = false;
      });
  };
  // Neither timer may keep a process alive on its own (tests, scripts).
  setTimeout(run, FIRST_RUN_MS).unref();
  setInterval(run, HOUR_MS).unref();
}
