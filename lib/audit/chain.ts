import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * Why an event breaks the chain:
 * - `hash_mismatch`: its stored hash is not the SHA-256 of its fields (the event was altered);
 * - `prev_mismatch`: it does not follow the event before it (an event was inserted or reordered);
 * - `missing`: it carries no hash (written around the trigger), or the event it follows is gone
 *   (deleted).
 */
export type AuditChainBreak = 'hash_mismatch' | 'prev_mismatch' | 'missing';

export type AuditChainResult =
  | { ok: true; checked: number; lastEventId: number | null }
  | { ok: false; checked: number; eventId: number; reason: AuditChainBreak };

/** Events per query: the verification holds one batch in memory, never the log. */
export const AUDIT_VERIFY_BATCH = 5_000;

type Row = { id: string | number; prev_hash: string | null; hash: string | null; computed: string };

/**
 * Walks the whole audit log in id order, in keyset batches, recomputing each event's hash in the
 * database with the same function the insert trigger uses (migration 0009), and stops at the first
 * broken link. Reads only; it checks no permission, so it is for the `audit:verify` command and
 * for `checkAuditChain`, which does.
 */
export async function verifyAuditChain(db: DbOrTx, { batch = AUDIT_VERIFY_BATCH }: { batch?: number } = {}): Promise<AuditChainResult> {
  let expectedPrev: string | null = null;
  let cursor = 0;
  let checked = 0;
  let lastEventId: number | null = null;
  for (;;) {
    const rows = (
      await db.execute<Row>(sql`
        select id, prev_hash, hash,
          audit_event_hash(prev_hash, id, actor_id, actor_ip_hash, action, record_type, record_id, data, created_at) as computed
        from audit_events
        where id > ${cursor}
        order by id
        limit ${batch}`)
    ).rows;
    for (const row of rows) {
      const eventId = Number(row.id);
      if (!row.hash) return { ok: false, checked, eventId, reason: 'missing' };
      if (row.computed !== row.hash) return { ok: false, checked, eventId, reason: 'hash_mismatch' };
      if (row.prev_hash !== expectedPrev) {
        // The event it names no longer exists: something before it was deleted.
        const named = row.prev_hash ? await db.execute(sql`select 1 from audit_events where hash = ${row.prev_hash} limit 1`) : { rows: [] };
        return { ok: false, checked, eventId, reason: row.prev_hash && named.rows.length === 0 ? 'missing' : 'prev_mismatch' };
      }
      expectedPrev = row.hash;
      lastEventId = eventId;
      checked += 1;
    }
    if (rows.length < batch) return { ok: true, checked, lastEventId };
    cursor = lastEventId!;
  }
}
