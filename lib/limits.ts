import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rateLimitHits } from '@/db/schema';

/**
 * Fixed-window rate limits kept in PostgreSQL, so a limit holds however many app instances serve
 * the traffic. One statement counts a request against every key at once and returns each key's
 * count in its current window.
 */
export type LimitRule = {
  /** e.g. `sign:ip:<address>`; never a secret in clear. */
  key: string;
  /** Requests allowed per window; 0 turns the rule off. */
  limit: number;
  windowSeconds: number;
};

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function hitLimits(db: DbOrTx, rules: LimitRule[], now = new Date()): Promise<LimitResult> {
  const active = rules.filter((r) => r.limit > 0);
  if (!active.length) return { ok: true };
  const rows = active
    .map((rule) => {
      const windowMs = rule.windowSeconds * 1000;
      const start = Math.floor(now.getTime() / windowMs) * windowMs;
      return { rule, key: rule.key, windowStart: new Date(start), hits: 1 };
    })
    // The same order in every request, so two requests sharing keys never lock them in opposite orders.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const counted = await db
    .insert(rateLimitHits)
    .values(rows.map(({ key, windowStart, hits }) => ({ key, windowStart, hits })))
    .onConflictDoUpdate({ target: [rateLimitHits.key, rateLimitHits.windowStart], set: { hits: sql`${rateLimitHits.hits} + 1` } })
    .returning({ key: rateLimitHits.key, hits: rateLimitHits.hits });
  let retryAfterMs = 0;
  for (const row of rows) {
    const hits = counted.find((c) => c.key === row.key)?.hits ?? 0;
    if (hits > row.rule.limit) {
      retryAfterMs = Math.max(retryAfterMs, row.windowStart.getTime() + row.rule.windowSeconds * 1000 - now.getTime());
    }
  }
  return retryAfterMs > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : { ok: true };
}

/** Deletes windows that ended more than a day ago (no rule is longer than a day). */
export async function sweepLimits(db: DbOrTx): Promise<void> {
  await db.delete(rateLimitHits).where(sql`${rateLimitHits.windowStart} < now() - interval '1 day'`);
}
