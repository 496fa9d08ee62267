import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authThrottles } from '@/db/schema';
import { hashEmail } from '@/lib/secrets';

/**
 * Slows password guessing. After `free` failures in a row on a key, each further failure
 * blocks the key for 30 s, doubling up to 15 minutes. A success clears the account's key.
 * Addresses get a higher allowance: many people share one carrier NAT.
 */
export const throttleRules = { account: { free: 5 }, ip: { free: 20 } } as const;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A failure streak older than this starts over. */
const STREAK_RESET_MS = 60 * 60_000;

export function throttleKeys(email: string, ipHash: string | null): { key: string; free: number }[] {
  const keys: { key: string; free: number }[] = [{ key: `account:${hashEmail(email)}`, free: throttleRules.account.free }];
  if (ipHash) keys.push({ key: `ip:${ipHash}`, free: throttleRules.ip.free });
  return keys;
}

export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - free), MAX_DELAY_MS);
}

/** The time until which sign-in is refused for any of these keys, or null. */
export async function blockedUntil(db: DbOrTx, keys: { key: string }[]): Promise<Date | null> {
  const rows = await db
    .select({ blockedUntil: authThrottles.blockedUntil })
    .from(authThrottles)
    .where(inArray(authThrottles.key, keys.map((k) => k.key)));
  const now = Date.now();
  const until = rows.map((r) => r.blockedUntil?.getTime() ?? 0).filter((t) => t > now);
  return until.length ? new Date(Math.max(...until)) : null;
}

export async function recordFailure(db: DbOrTx, keys: { key: string; free: number }[]): Promise<void> {
  for (const { key, free } of keys) {
    const [row] = await db
      .insert(authThrottles)
      .values({ key, failures: 1, lastFailureAt: new Date() })
      .onConflictDoUpdate({
        target: authThrottles.key,
        set: {
          failures: sql`case when ${authThrottles.lastFailureAt} < now() - ${`${STREAK_RESET_MS / 1000} seconds`}::interval then 1 else ${authThrottles.failures} + 1 end`,
          lastFailureAt: sql`now()`,
        },
      })
      .returning({ failures: authThrottles.failures });
    const delay = delayAfter(row?.failures ?? 1, free);
    if (delay > 0) {
      await db
        .update(authThrottles)
        .set({ blockedUntil: new Date(Date.now() + delay) })
        .where(eq(authThrottles.key, key));
    }
  }
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(authThrottles).where(eq(authThrottles.key, key));
}
