import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { caseEvents, cases, type CaseStatus } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { caseStatusValues } from '@/lib/cases/vocabulary';
import type { InsightsFilter } from '@/lib/validation/insights';

/*
 * Organizers' view across submitted cases. Every function checks `insights.view` itself (the page
 * checking too is not enough: these are callable from anywhere on the server) and aggregates in
 * the database: only grouped rows come back, never the cases.
 */

/** The portal's calendar: months and filter days are Kazakhstan's, whatever the server's zone. */
const TIME_ZONE = 'Asia/Almaty';
/** Courts and articles are open-ended; the charts show the most frequent ones. */
export const TOP_ROWS = 15;
/** Courts and judges named in at least this many cases are "recurring". */
export const RECURRING_MIN_CASES = 2;
/** Enough to act on; the count beside each says when a list was cut. */
export const RECURRING_ROWS = 50;
export const RECURRING_CASES_SHOWN = 50;

export type Count = { key: string; count: number; label?: string };
/** The most frequent keys of an open-ended dimension, and how many distinct keys there were. */
export type TopCounts = { rows: Count[]; distinct: number };
export type CaseCounts = {
  total: number;
  byStatus: Count[];
  byKind: Count[];
  byRegion: Count[];
  byGround: Count[];
  /** Court names grouped across case and spacing (`label` is the most common spelling). */
  byCourt: TopCounts;
  /** Criminal/Administrative Code articles as typed, grouped across case and spacing. */
  byArticle: TopCounts;
};
export type MonthCount = { month: string; count: number };
export type RecurringName = {
  key: string;
  name: string;
  count: number;
  /** For judges: the courts their cases came from. */
  courts: string[];
  /** At most RECURRING_CASES_SHOWN, in reference order. */
  cases: { id: string; reference: string }[];
};
export type StatusDuration = { status: CaseStatus; averageDays: number; stays: number };

/** A free-text name as one key: trimmed, runs of whitespace collapsed. */
const tidy = (value: SQL) => sql`regexp_replace(btrim(${value}), '\\s+', ' ', 'g')`;

/**
 * Submitted cases (a reference is assigned on submission; a draft withdrawn before submitting
 * has none) matching the filter: submission day from/to inclusive in Kazakhstan time, and kind.
 */
function caseScope(filter: InsightsFilter): SQL {
  const conditions: SQL[] = [sql`${cases.status} <> 'draft'`, sql`${cases.reference} is not null`];
  if (filter.from) conditions.push(sql`${cases.submittedAt} >= (${filter.from}::date)::timestamp at time zone ${TIME_ZONE}`);
  if (filter.to) conditions.push(sql`${cases.submittedAt} < (${filter.to}::date + 1)::timestamp at time zone ${TIME_ZONE}`);
  if (filter.kind) conditions.push(sql`${cases.kind} = ${filter.kind}`);
  return sql.join(conditions, sql` and `);
}

async function rowsOf<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute<T>(query)).rows as T[];
}

type DimensionRow = { dimension: string; key: string; label: string; count: number; distinct: number };

/**
 * Cases grouped six ways in one statement (one scan of the filtered cases). Courts and articles
 * are cut to the TOP_ROWS most frequent in SQL; the closed vocabularies come back whole.
 */
export async function countCases(user: CurrentUser | null, filter: InsightsFilter = {}, db: Db = getDb()): Promise<CaseCounts> {
  assertCan(user, 'insights.view');
  const rows = await rowsOf<DimensionRow>(
    db,
    sql`
      select dimension, key, label, count, "distinct" from (
        select d.dimension, d.key, mode() within group (order by d.label) as label, count(*)::int as count,
          row_number() over (partition by d.dimension order by count(*) desc, d.key) as rank,
          (count(*) over (partition by d.dimension))::int as "distinct"
        from ${cases}
        cross join lateral (
          select 'status' as dimension, ${cases.status}::text as key, ${cases.status}::text as label
          union all select 'kind', ${cases.kind}::text, ${cases.kind}::text
          union all select 'region', ${cases.regionCode}, ${cases.regionCode}
          union all select 'ground', g::text, g::text from unnest(${cases.grounds}) as g
          union all select 'court', lower(${tidy(sql`${cases.courtName}`)}), ${tidy(sql`${cases.courtName}`)}
          union all select 'article', lower(${tidy(sql`a`)}), ${tidy(sql`a`)} from unnest(${cases.articles}) as a
        ) d
        where ${caseScope(filter)} and d.key is not null and d.key <> ''
        group by d.dimension, d.key
      ) ranked
      where rank <= ${TOP_ROWS} or dimension not in ('court', 'article')
      order by dimension, count desc, key`,
  );
  const pick = (dimension: string, withLabel = false): Count[] =>
    rows.filter((r) => r.dimension === dimension).map((r) => (withLabel ? { key: r.key, label: r.label, count: r.count } : { key: r.key, count: r.count }));
  const top = (dimension: string): TopCounts => ({ rows: pick(dimension, true), distinct: rows.find((r) => r.dimension === dimension)?.distinct ?? 0 });
  const order = (list: Count[], vocabulary: readonly string[]) => [...list].sort((a, b) => vocabulary.indexOf(a.key) - vocabulary.indexOf(b.key));
  const byStatus = order(pick('status'), caseStatusValues);
  return {
    total: byStatus.reduce((sum, c) => sum + c.count, 0),
    byStatus,
    byKind: pick('kind'),
    byRegion: pick('region'),
    byGround: pick('ground'),
    byCourt: top('court'),
    byArticle: top('article'),
  };
}

/** "2026-03" → the next month's key. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Submitted cases per month of submission (Kazakhstan time), oldest first, with the empty
 * months between the first and the last filled in so the series reads as a timeline.
 */
export async function countCasesByMonth(user: CurrentUser | null, filter: InsightsFilter = {}, db: Db = getDb()): Promise<MonthCount[]> {
  assertCan(user, 'insights.view');
  const month = sql`to_char(${cases.submittedAt} at time zone ${TIME_ZONE}, 'YYYY-MM')`;
  const rows = await rowsOf<MonthCount>(
    db,
    sql`select ${month} as month, count(*)::int as count from ${cases}
        where ${caseScope(filter)} and ${cases.submittedAt} is not null
        group by 1 order by 1`,
  );
  if (rows.length === 0) return [];
  const counts = new Map(rows.map((r) => [r.month, r.count]));
  const series: MonthCount[] = [];
  for (let m = rows[0]!.month; m <= rows.at(-1)!.month; m = nextMonth(m)) series.push({ month: m, count: counts.get(m) ?? 0 });
  return series;
}

type RecurringRow = { key: string; name: string; count: number; courts: string[] | null; cases: { id: string; reference: string }[] | null };

async function recurring(db: Db, filter: InsightsFilter, column: typeof cases.courtName | typeof cases.judgeName, withCourts: boolean): Promise<RecurringName[]> {
  const name = tidy(sql`${column}`);
  const courts = withCourts ? sql`to_json(array_remove(array_agg(distinct ${tidy(sql`${cases.courtName}`)}), null))` : sql`'[]'::json`;
  const rows = await rowsOf<RecurringRow>(
    db,
    sql`select lower(${name}) as key, mode() within group (order by ${name}) as name, count(*)::int as count,
          ${courts} as courts,
          to_json((array_agg(json_build_object('id', ${cases.id}, 'reference', ${cases.reference}) order by ${cases.reference}))[1:${sql.raw(String(RECURRING_CASES_SHOWN))}]) as cases
        from ${cases}
        where ${caseScope(filter)} and ${column} is not null and btrim(${column}) <> ''
        group by 1
        having count(*) >= ${RECURRING_MIN_CASES}
        order by count desc, name
        limit ${RECURRING_ROWS}`,
  );
  return rows.map((r) => ({ key: r.key, name: r.name, count: r.count, courts: r.courts ?? [], cases: r.cases ?? [] }));
}

/**
 * Courts and judges named in RECURRING_MIN_CASES or more submitted cases (names grouped across
 * case and spacing), most cases first, each with its cases for the reviewer's workspace.
 * Judges are grouped by name alone: namesakes in different courts show their courts side by side.
 */
export async function listRecurringCourtsAndJudges(
  user: CurrentUser | null,
  filter: InsightsFilter = {},
  db: Db = getDb(),
): Promise<{ courts: RecurringName[]; judges: RecurringName[] }> {
  assertCan(user, 'insights.view');
  const [courts, judges] = await Promise.all([recurring(db, filter, cases.courtName, false), recurring(db, filter, cases.judgeName, true)]);
  return { courts, judges };
}

/**
 * Average days a case spends in each status, from its status history: a stay runs from the
 * event that entered the status to the case's next status event. Stays still going on are left
 * out (they have no end yet), so `stays` says how many finished stays each average is over.
 */
export async function averageDaysInStatus(user: CurrentUser | null, filter: InsightsFilter = {}, db: Db = getDb()): Promise<StatusDuration[]> {
  assertCan(user, 'insights.view');
  const rows = await rowsOf<{ status: CaseStatus; averageDays: number; stays: number }>(
    db,
    sql`select status, round((avg(extract(epoch from (left_at - entered_at))) / 86400)::numeric, 1)::float8 as "averageDays", count(*)::int as stays
        from (
          select ${caseEvents.toStatus} as status, ${caseEvents.createdAt} as entered_at,
            lead(${caseEvents.createdAt}) over (partition by ${caseEvents.caseId} order by ${caseEvents.createdAt}, ${caseEvents.id}) as left_at
          from ${caseEvents}
          join ${cases} on ${cases.id} = ${caseEvents.caseId}
          where ${caseEvents.toStatus} is not null and ${caseScope(filter)}
        ) stays
        where left_at is not null
        group by status`,
  );
  return rows.sort((a, b) => caseStatusValues.indexOf(a.status) - caseStatusValues.indexOf(b.status));
}
