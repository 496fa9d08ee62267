import { sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { petitions, signatures } from '@/db/schema';
import { sweepLimits } from '@/lib/limits';

/*
 * The public count of a petition is petitions.confirmed_count. Confirming a signature only sets
 * its confirmed_at (one row each, no shared row), and this counter folds the new confirmations in
 * every few seconds with at most one UPDATE per petition: signing at national-spike rates never
 * queues on one hot counter row. A recount now and then heals any drift.
 */

/** How often confirmations are folded in: with the count endpoint's 1 s memo, the count is ≤ 3 s behind. */
export const FLUSH_INTERVAL_MS = 2000;
/** Every this many flushes (about a minute), a full recount and a sweep of old rate-limit windows. */
const RECOUNT_EVERY = 30;
/** A flush folds in at most this many confirmations, so one never holds its locks for long. */
const BATCH = 50_000;
/** Any constant shared by every instance: only one of them folds counts at a time. */
const LOCK_KEY = 0x52_44_43_4e; // "RDCN"

/**
 * Marks up to BATCH confirmed, not yet counted signatures as counted and adds them to their
 * petitions, in one statement: a signature is counted exactly once even with several instances
 * flushing (rows another flush holds are skipped; the lock below normally keeps it to one).
 * Returns how many were folded in.
 */
export async function flushCounts(db: DbOrTx = getDb()): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    with folded as (
      update ${signatures} set counted = true
      where id in (
        select id from ${signatures}
        where confirmed_at is not null and not counted
        limit ${BATCH}
        for update skip locked
      )
      returning petition_id
    ), sums as (
      select petition_id, count(*)::int as n from folded group by petition_id
    ), bumped as (
      update ${petitions} p set confirmed_count = p.confirmed_count + sums.n
      from sums where p.id = sums.petition_id
      returning sums.n
    )
    select coalesce(sum(n), 0)::int as n from bumped`);
  return Number(rows.rows[0]?.n ?? 0);
}

/** Sets every published petition's count to its counted signatures, where they differ; returns how many were fixed. */
export async function recountAll(db: DbOrTx = getDb()): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    update ${petitions} p set confirmed_count = c.n
    from (
      select p2.id, (select count(*)::int from ${signatures} s where s.petition_id = p2.id and s.confirmed_at is not null and s.counted) as n
      from ${petitions} p2 where p2.status <> 'draft'
    ) c
    where p.id = c.id and p.confirmed_count <> c.n
    returning p.id`);
  return rows.rows.length;
}

let ticks = 0;

/**
 * One round of the counter, under a transaction-scoped advisory lock so that flushes and the
 * recount of different instances never interleave (a recount racing a flush could undo it).
 */
export async function counterTick(db = getDb()): Promise<{ folded: number; fixed: number } | null> {
  const recount = ticks++ % RECOUNT_EVERY === RECOUNT_EVERY - 1;
  return db.transaction(async (tx) => {
    const locked = (await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`)).rows[0]?.locked;
    if (!locked) return null;
    const folded = await flushCounts(tx);
    let fixed = 0;
    if (recount) {
      fixed = await recountAll(tx);
      await sweepLimits(tx);
    }
    return { folded, fixed };
  });
}

let timer: NodeJS.Timeout | undefined;

/** Starts the counter in this process (instrumentation, via lib/boot.ts). */
export function startPetitionCounter(): void {
  if (timer) return;
  let running = false;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    counterTick()
      .then((result) => {
        if (result?.fixed) console.warn(`Petition counter: recount corrected ${result.fixed} petition(s).`);
      })
      .catch((error: unknown) => console.error('Petition counter failed:', error instanceof Error ? error.message : 'unknown error'))
      .finally(() => {
        running = false;
      });
  }, FLUSH_INTERVAL_MS);
  // The counter alone must not keep a process alive (tests, scripts).
  timer.unref();
}
