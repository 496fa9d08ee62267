import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { caseReferenceCounters } from '@/db/schema';

/**
 * The next case reference for `year`, like RD-2026-00042. One upsert … RETURNING: concurrent
 * submissions serialize on the year's row, so numbers never repeat.
 */
export async function nextCaseReference(db: DbOrTx, year: number): Promise<string> {
  const [row] = await db
    .insert(caseReferenceCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({ target: caseReferenceCounters.year, set: { lastNumber: sql`${caseReferenceCounters.lastNumber} + 1` } })
    .returning({ n: caseReferenceCounters.lastNumber });
  return `RD-${year}-${String(row!.n).padStart(5, '0')}`;
}
