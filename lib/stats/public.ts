import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { bundleCases, bundles, cases, petitions } from '@/db/schema';
import { caseKindValues, caseStatusValues } from '@/lib/cases/vocabulary';
import { regionCodes } from '@/lib/reference/data';
import { memoize } from '@/lib/memo';
import { takesSignatures } from '@/lib/petitions/public';

/*
 * Open statistics for everyone, signed in or not: counts only, no names, no references, no free
 * text. There is no acting user and no assertCan: everything here is public by design.
 *
 * Small-cell suppression happens here, before anything leaves this module, so neither the page
 * nor the JSON ever carries an exact count below MIN_PUBLISHED_COUNT: a handful of cases from one
 * region in one status could point at a person. Closed vocabularies (statuses, kinds, regions,
 * outcomes) are listed in full, zeros included, so that a key's presence reveals nothing either.
 * Order never depends on a suppressed value: exact counts first (largest first where the order is
 * by count), suppressed ones after them in a fixed order.
 *
 * JSON shape (GET /api/public/stats), every count a `Cell`:
 *   {
 *     "generatedAt": "2026-11-28T10:00:00.000Z",
 *     "minPublishedCount": 5,
 *     "cases": {
 *       "total": { "count": 42 },
 *       "byStatus": [{ "key": "submitted", "count": 12 }, { "key": "declined", "count": null, "fewerThan": 5 }, …],
 *       "byKind": [{ "key": "criminal", "count": 30 }, …],
 *       "byRegion": [{ "key": "almaty_city", "count": 9 }, …],        // region codes, all 20
 *       "byJudgmentYear": [{ "key": "2021", "count": 7 }, …]            // years with a case, oldest first
 *     },
 *     "filing": {
 *       "bundlesFiled": { "count": null, "fewerThan": 5 },              // requests sent to a prosecutor
 *       "outcomes": [{ "key": "protest_brought", … }, { "key": "protest_refused", … }, { "key": "awaiting_answer", … }]
 *     },
 *     "petitions": { "open": { "count": … }, "closed": { "count": … }, "confirmedSignatures": { "count": 1234 } }
 *   }
 */

/** Where the JSON is served (app/api/public/stats/route.ts). */
export const PUBLIC_STATS_JSON_PATH = '/api/public/stats';

/** Counts below this are published as "fewer than 5", never as the number. */
export const MIN_PUBLISHED_COUNT = 5;
/** How long one computation is served from memory (the JSON route lets caches keep it as long). */
export const PUBLIC_STATS_MAX_AGE_MS = 60_000;

/** A published count: exact from MIN_PUBLISHED_COUNT on, otherwise only "fewer than". */
export type Cell = { count: number } | { count: null; fewerThan: typeof MIN_PUBLISHED_COUNT };
export type KeyedCell = { key: string } & Cell;

export const outcomeKeys = ['protest_brought', 'protest_refused', 'awaiting_answer'] as const;
export type OutcomeKey = (typeof outcomeKeys)[number];

export type PublicStats = {
  generatedAt: string;
  minPublishedCount: typeof MIN_PUBLISHED_COUNT;
  cases: { total: Cell; byStatus: KeyedCell[]; byKind: KeyedCell[]; byRegion: KeyedCell[]; byJudgmentYear: KeyedCell[] };
  filing: { bundlesFiled: Cell; outcomes: KeyedCell[] };
  petitions: { open: Cell; closed: Cell; confirmedSignatures: Cell };
};

/** The one place an exact count becomes publishable. */
export function publishCount(count: number): Cell {
  return count >= MIN_PUBLISHED_COUNT ? { count } : { count: null, fewerThan: MIN_PUBLISHED_COUNT };
}

export function isSuppressed(cell: Cell): cell is { count: null; fewerThan: typeof MIN_PUBLISHED_COUNT } {
  return cell.count === null;
}

type Raw = { key: string; count: number };

/** Every key of a closed vocabulary, zeros included, in the vocabulary's order. */
function fullList(keys: readonly string[], rows: Raw[]): KeyedCell[] {
  const counts = new Map(rows.map((r) => [r.key, r.count]));
  return keys.map((key) => ({ key, ...publishCount(counts.get(key) ?? 0) }));
}

/** Largest exact counts first; the suppressed ones after them, in their given (fixed) order. */
function byCount(list: KeyedCell[]): KeyedCell[] {
  const exact = list.filter((c): c is KeyedCell & { count: number } => c.count !== null).sort((a, b) => b.count - a.count);
  return [...exact, ...list.filter(isSuppressed)];
}

async function rowsOf<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute<T>(query)).rows as T[];
}

/** Submitted cases: drafts (and drafts withdrawn before submission, which have no reference) never count. */
const submitted = sql`${cases.status} <> 'draft' and ${cases.reference} is not null`;

/** Reads the exact figures; only computePublicStats sees them, and it suppresses before returning. */
async function readFigures(db: Db) {
  const [dimensions, outcomes, filed, petitionRows] = await Promise.all([
    rowsOf<Raw & { dimension: string }>(
      db,
      sql`select d.dimension, d.key, count(*)::int as count
          from ${cases}
          cross join lateral (
            select 'status' as dimension, ${cases.status}::text as key
            union all select 'kind', ${cases.kind}::text
            union all select 'region', ${cases.regionCode}
            union all select 'year', extract(year from ${cases.judgmentDate})::int::text
          ) d
          where ${submitted} and d.key is not null
          group by d.dimension, d.key`,
    ),
    // Per-case outcomes of requests handed to a prosecutor; a case withdrawn from a request has none and no key.
    rowsOf<Raw>(
      db,
      sql`select case when ${bundleCases.outcome} is not null then ${bundleCases.outcome}::text when ${cases.status} = 'filed' then 'awaiting_answer' end as key,
            count(*)::int as count
          from ${bundleCases}
          join ${bundles} on ${bundles.id} = ${bundleCases.bundleId}
          join ${cases} on ${cases.id} = ${bundleCases.caseId}
          where ${bundles.status} in ('submitted', 'answered')
          group by 1`,
    ),
    rowsOf<{ count: number }>(db, sql`select count(*)::int as count from ${bundles} where ${bundles.status} in ('submitted', 'answered')`),
    // As visitors see petitions (lib/petitions/public.ts): one whose closing date has passed is closed.
    rowsOf<{ open: number; closed: number; signatures: number }>(
      db,
      sql`select
            count(*) filter (where ${takesSignatures})::int as open,
            count(*) filter (where not ${takesSignatures})::int as closed,
            coalesce(sum(${petitions.confirmedCount}), 0)::int as signatures
          from ${petitions}
          where ${petitions.status} in ('open', 'closed')`,
    ),
  ]);
  return { dimensions, outcomes: outcomes.filter((o) => o.key !== null), bundlesFiled: filed[0]?.count ?? 0, petitions: petitionRows[0] ?? { open: 0, closed: 0, signatures: 0 } };
}

async function computePublicStats(db: Db): Promise<PublicStats> {
  const figures = await readFigures(db);
  const of = (dimension: string) => figures.dimensions.filter((r) => r.dimension === dimension);
  const statuses = caseStatusValues.filter((s) => s !== 'draft');
  const total = of('status').reduce((sum, r) => sum + r.count, 0);
  const years = of('year')
    .sort((a, b) => Number(a.key) - Number(b.key))
    .map((r) => ({ key: r.key, ...publishCount(r.count) }));
  return {
    generatedAt: new Date().toISOString(),
    minPublishedCount: MIN_PUBLISHED_COUNT,
    cases: {
      total: publishCount(total),
      byStatus: fullList(statuses, of('status')),
      byKind: fullList(caseKindValues, of('kind')),
      byRegion: byCount(fullList(regionCodes, of('region'))),
      byJudgmentYear: years,
    },
    filing: { bundlesFiled: publishCount(figures.bundlesFiled), outcomes: fullList(outcomeKeys, figures.outcomes) },
    petitions: {
      open: publishCount(figures.petitions.open),
      closed: publishCount(figures.petitions.closed),
      confirmedSignatures: publishCount(figures.petitions.signatures),
    },
  };
}

// Keyed by database, so tests (and scripts) with their own database never see another's figures.
const memo = memoize(PUBLIC_STATS_MAX_AGE_MS, computePublicStats);

/**
 * The open statistics, suppressed (see above), computed at most once a minute per process:
 * concurrent requests share one computation, and a failed one is not remembered.
 */
export function getPublicStats(db: Db = getDb(), now: number = Date.now()): Promise<PublicStats> {
  return memo(db, now);
}

/** Forgets the remembered figures of `db`, for tests that change the data between reads. */
export function forgetPublicStats(db: Db = getDb()): void {
  memo.forget(db);
}
