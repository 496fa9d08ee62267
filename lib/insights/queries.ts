import 'server-only';
import { ne, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { cases } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';

export type Count = { key: string; count: number };
export type CaseCounts = { byStatus: Count[]; byKind: Count[]; byRegion: Count[]; byGround: Count[] };

/** Submitted cases grouped four ways, in one statement (drafts excluded). */
export async function countCases(user: CurrentUser | null): Promise<CaseCounts> {
  assertCan(user, 'insights.view');
  const rows = await getDb()
    .select({
      dimension: sql<string>`d.dimension`,
      key: sql<string>`d.key`,
      count: sql<number>`count(*)::int`,
    })
    .from(cases)
    .innerJoin(
      sql`lateral (
        select 'status' as dimension, ${cases.status}::text as key
        union all select 'kind', ${cases.kind}::text
        union all select 'region', ${cases.regionCode}
        union all select 'ground', g::text from unnest(${cases.grounds}) as g
      ) d`,
      sql`true`,
    )
    .where(ne(cases.status, 'draft'))
    .groupBy(sql`d.dimension`, sql`d.key`)
    .orderBy(sql`count(*) desc`, sql`d.key`);
  const pick = (dimension: string) => rows.filter((r) => r.dimension === dimension && r.key !== null).map(({ key, count }) => ({ key, count }));
  return { byStatus: pick('status'), byKind: pick('kind'), byRegion: pick('region'), byGround: pick('ground') };
}
