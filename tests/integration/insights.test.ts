import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { caseEvents, type Case, type CaseStatus } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { averageDaysInStatus, countCases, countCasesByMonth, listRecurringCourtsAndJudges, TOP_ROWS } from '@/lib/insights/queries';
import { parseInsightsFilter, type InsightsFilter } from '@/lib/validation/insights';
import { createCase, type CaseOverrides } from '../factories/cases';
import { createUser } from '../factories/users';

let applicant: CurrentUser;
let reviewer: CurrentUser;
let organizer: CurrentUser;
let admin: CurrentUser;

beforeAll(async () => {
  [applicant, reviewer, organizer, admin] = await Promise.all([createUser('applicant'), createUser('reviewer'), createUser('organizer'), createUser('admin')]);
});

/**
 * Each test works in its own year of submission and filters on it, so the cases of the other
 * tests in this file's database never enter its figures.
 */
const yearFilter = (year: number, more: InsightsFilter = {}): InsightsFilter => ({ from: `${year}-01-01`, to: `${year}-12-31`, ...more });
const at = (iso: string) => new Date(iso);

function caseOn(submittedAt: string, overrides: CaseOverrides = {}): Promise<Case> {
  return createCase(applicant, { submittedAt: at(submittedAt), waitingSince: at(submittedAt), ...overrides });
}

/** The case's status history: each [status, ISO time] entered from the previous one. */
async function history(caseId: string, steps: [CaseStatus, string][]) {
  let from: CaseStatus = 'draft';
  for (const [to, time] of steps) {
    await getDb().insert(caseEvents).values({ caseId, type: 'status_changed', fromStatus: from, toStatus: to, createdAt: at(time) });
    from = to;
  }
}

describe('who may see insights', () => {
  const queries = {
    countCases: (user: CurrentUser | null) => countCases(user),
    countCasesByMonth: (user: CurrentUser | null) => countCasesByMonth(user),
    listRecurringCourtsAndJudges: (user: CurrentUser | null) => listRecurringCourtsAndJudges(user),
    averageDaysInStatus: (user: CurrentUser | null) => averageDaysInStatus(user),
  };

  for (const [name, query] of Object.entries(queries)) {
    it(`${name}: refuses applicants and reviewers (FORBIDDEN) and visitors (UNAUTHENTICATED)`, async () => {
      await expect(query(applicant)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(query(reviewer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(query(null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(query(organizer)).resolves.toBeDefined();
      await expect(query(admin)).resolves.toBeDefined();
    });
  }
});

describe('insights for organizers', () => {
  it('counts submitted cases by status, kind, region, ground, court and article, never drafts', async () => {
    const filter = yearFilter(2011);
    await caseOn('2011-03-10T08:00:00Z', { status: 'in_review', regionCode: 'karaganda', courtName: 'Сарыарқинский районный суд', articles: ['190 ч.2', '297'], grounds: ['coercion_torture', 'new_evidence'] });
    // The same court and article typed with other spacing and letter case.
    await caseOn('2011-04-10T08:00:00Z', { status: 'declined', regionCode: 'karaganda', courtName: '  сарыаркинский  районный суд ', articles: ['190  Ч.2'] });
    await caseOn('2011-04-11T08:00:00Z', { status: 'declined', regionCode: 'pavlodar', kind: 'civil', courtName: 'Сарыарқинский районный суд' });
    await createCase(applicant, { status: 'draft', regionCode: 'karaganda', submittedAt: at('2011-05-01T08:00:00Z') });

    const counts = await countCases(organizer, filter);
    expect(counts.total).toBe(3);
    expect(counts.byStatus).toEqual([
      { key: 'in_review', count: 1 },
      { key: 'declined', count: 2 },
    ]);
    expect(counts.byKind).toEqual([
      { key: 'criminal', count: 2 },
      { key: 'civil', count: 1 },
    ]);
    expect(counts.byRegion).toEqual([
      { key: 'karaganda', count: 2 },
      { key: 'pavlodar', count: 1 },
    ]);
    expect(counts.byGround).toEqual(
      expect.arrayContaining([
        { key: 'procedural_violations', count: 2 },
        { key: 'coercion_torture', count: 1 },
        { key: 'new_evidence', count: 1 },
      ]),
    );
    // "Сарыаркинский" (without қ) is a different spelling, so a different court.
    expect(counts.byCourt.rows).toEqual([
      { key: 'сарыарқинский районный суд', label: 'Сарыарқинский районный суд', count: 2 },
      { key: 'сарыаркинский районный суд', label: 'сарыаркинский районный суд', count: 1 },
    ]);
    expect(counts.byArticle.rows).toEqual([
      { key: '190 ч.2', label: '190 ч.2', count: 3 },
      { key: '297', label: '297', count: 1 },
    ]);
  });

  it(`shows only the ${TOP_ROWS} most frequent courts, and how many there were`, async () => {
    const filter = yearFilter(2012);
    for (let i = 0; i < TOP_ROWS + 3; i++) await caseOn('2012-02-01T08:00:00Z', { courtName: `Суд № ${String(i).padStart(2, '0')}` });
    await caseOn('2012-02-02T08:00:00Z', { courtName: 'Суд № 17' });
    const { byCourt } = await countCases(organizer, filter);
    expect(byCourt.distinct).toBe(TOP_ROWS + 3);
    expect(byCourt.rows).toHaveLength(TOP_ROWS);
    expect(byCourt.rows[0]).toEqual({ key: 'суд № 17', label: 'Суд № 17', count: 2 });
  });

  it('counts cases per month of submission in Kazakhstan time, with empty months filled in', async () => {
    const filter = yearFilter(2025);
    // 20:30 UTC on 31 January is already 1 February in Kazakhstan (UTC+5 since March 2024).
    await caseOn('2025-01-31T20:30:00Z');
    await caseOn('2025-01-15T08:00:00Z');
    await caseOn('2025-04-02T08:00:00Z');
    await caseOn('2025-04-20T08:00:00Z');
    expect(await countCasesByMonth(organizer, filter)).toEqual([
      { month: '2025-01', count: 1 },
      { month: '2025-02', count: 1 },
      { month: '2025-03', count: 0 },
      { month: '2025-04', count: 2 },
    ]);
  });

  it('filters by period of submission (inclusive days, Kazakhstan time) and kind', async () => {
    await caseOn('2026-03-01T08:00:00Z', { kind: 'criminal' });
    await caseOn('2026-03-15T08:00:00Z', { kind: 'civil' });
    await caseOn('2026-03-31T18:59:00Z', { kind: 'criminal' }); // 23:59 on 31 March in Kazakhstan (UTC+5)
    await caseOn('2026-03-31T19:00:00Z', { kind: 'criminal' }); // already 1 April
    await caseOn('2026-02-28T19:30:00Z', { kind: 'criminal' }); // already 1 March

    const march = { from: '2026-03-01', to: '2026-03-31' };
    expect((await countCases(organizer, march)).total).toBe(4);
    expect((await countCases(organizer, { ...march, kind: 'criminal' })).total).toBe(3);
    expect((await countCases(organizer, { ...march, kind: 'civil' })).total).toBe(1);
    expect((await countCases(organizer, { from: '2026-04-01', to: '2026-04-01' })).total).toBe(1);
    expect(await countCasesByMonth(organizer, { ...march, kind: 'criminal' })).toEqual([{ month: '2026-03', count: 3 }]);
    // Open-ended on one side.
    expect((await countCases(organizer, { from: '2026-03-16', to: '2026-12-31' })).total).toBe(2);
    expect((await countCases(organizer, { from: '2026-01-01', to: '2026-03-01' })).total).toBe(2);
  });

  it('lists courts and judges that recur across cases, with their cases, and leaves one-offs out', async () => {
    const filter = yearFilter(2015);
    const a = await caseOn('2015-01-10T08:00:00Z', { judgeName: 'Жақсыбеков Е. Б.', courtName: 'Есильский районный суд г. Астаны' });
    const b = await caseOn('2015-02-10T08:00:00Z', { judgeName: 'жақсыбеков  е. б. ', courtName: 'Алмалинский районный суд г. Алматы' });
    const c = await caseOn('2015-03-10T08:00:00Z', { judgeName: 'Жақсыбеков Е. Б.', courtName: 'Есильский районный суд г. Астаны' });
    await caseOn('2015-04-10T08:00:00Z', { judgeName: 'Одинокова А. А.', courtName: 'Единственный суд' });
    await caseOn('2015-05-10T08:00:00Z', { judgeName: '', courtName: '   ' });
    await createCase(applicant, { status: 'draft', judgeName: 'Одинокова А. А.', courtName: 'Единственный суд', submittedAt: at('2015-06-10T08:00:00Z') });

    const { courts, judges } = await listRecurringCourtsAndJudges(organizer, filter);
    expect(judges).toEqual([
      {
        key: 'жақсыбеков е. б.',
        name: 'Жақсыбеков Е. Б.',
        count: 3,
        courts: expect.arrayContaining(['Есильский районный суд г. Астаны', 'Алмалинский районный суд г. Алматы']),
        cases: [a, b, c].map((row) => ({ id: row.id, reference: row.reference })),
      },
    ]);
    expect(judges[0]!.courts).toHaveLength(2);
    expect(courts).toEqual([
      { key: 'есильский районный суд г. астаны', name: 'Есильский районный суд г. Астаны', count: 2, courts: [], cases: [a, c].map((row) => ({ id: row.id, reference: row.reference })) },
    ]);
    // The kind filter applies too.
    expect((await listRecurringCourtsAndJudges(organizer, { ...filter, kind: 'civil' })).judges).toEqual([]);
  });

  it('averages the days spent in each status from consecutive status changes, leaving stays in progress out', async () => {
    const filter = yearFilter(2016);
    const first = await caseOn('2016-01-01T00:00:00Z', { status: 'recommended' });
    await history(first.id, [
      ['submitted', '2016-01-01T00:00:00Z'],
      ['in_review', '2016-01-03T00:00:00Z'], // submitted: 2 days
      ['needs_info', '2016-01-06T00:00:00Z'], // in_review: 3 days
      ['in_review', '2016-01-07T12:00:00Z'], // needs_info: 1.5 days
      ['recommended', '2016-01-11T12:00:00Z'], // in_review: 4 days; recommended: still going
    ]);
    const second = await caseOn('2016-02-01T00:00:00Z', { status: 'in_review' });
    await history(second.id, [
      ['submitted', '2016-02-01T00:00:00Z'],
      ['in_review', '2016-02-05T00:00:00Z'], // submitted: 4 days
    ]);
    // Not submitted in 2016: its history is outside the filter.
    const other = await caseOn('2017-01-01T00:00:00Z', { status: 'in_review' });
    await history(other.id, [
      ['submitted', '2017-01-01T00:00:00Z'],
      ['in_review', '2017-03-01T00:00:00Z'],
    ]);
    expect(await averageDaysInStatus(organizer, filter)).toEqual([
      { status: 'submitted', averageDays: 3, stays: 2 },
      { status: 'in_review', averageDays: 3.5, stays: 2 },
      { status: 'needs_info', averageDays: 1.5, stays: 1 },
    ]);
    expect(await averageDaysInStatus(organizer, { ...filter, kind: 'civil' })).toEqual([]);
    expect((await averageDaysInStatus(organizer, yearFilter(2017)))[0]).toEqual({ status: 'submitted', averageDays: 59, stays: 1 });
  });

  it('returns nothing, not an error, for a period without cases', async () => {
    const empty = yearFilter(2099);
    expect(await countCases(organizer, empty)).toMatchObject({ total: 0, byStatus: [], byCourt: { rows: [], distinct: 0 } });
    expect(await countCasesByMonth(organizer, empty)).toEqual([]);
    expect(await listRecurringCourtsAndJudges(organizer, empty)).toEqual({ courts: [], judges: [] });
    expect(await averageDaysInStatus(organizer, empty)).toEqual([]);
  });
});

describe('the filters in the URL', () => {
  it('accepts real days and a known kind', () => {
    expect(parseInsightsFilter({ from: '2026-01-01', to: '2026-03-31', kind: 'civil' })).toEqual({
      filter: { from: '2026-01-01', to: '2026-03-31', kind: 'civil' },
      values: { from: '2026-01-01', to: '2026-03-31', kind: 'civil' },
      errors: {},
    });
    expect(parseInsightsFilter({})).toEqual({ filter: {}, values: { from: '', to: '', kind: '' }, errors: {} });
  });

  it('drops a malformed day and says so beside its field', () => {
    for (const bad of ['2026-02-30', '31.01.2026', '2026-1-1', '1899-12-31', "2026-01-01' or 1=1", 'x'.repeat(5000)]) {
      const parsed = parseInsightsFilter({ from: bad, to: '2026-03-31' });
      expect(parsed.filter, bad).toEqual({ to: '2026-03-31' });
      expect(parsed.errors, bad).toEqual({ from: 'validation.dateInvalid' });
      expect(parsed.values.from.length).toBeLessThanOrEqual(40);
    }
  });

  it('refuses an end before the start, on the end field', () => {
    const parsed = parseInsightsFilter({ from: '2026-03-01', to: '2026-02-01' });
    expect(parsed.filter).toEqual({ from: '2026-03-01' });
    expect(parsed.errors).toEqual({ to: 'insights.filters.toBeforeFrom' });
  });

  it('ignores an unknown kind and takes the first of repeated values', () => {
    expect(parseInsightsFilter({ kind: 'martial' }).filter).toEqual({});
    expect(parseInsightsFilter({ kind: ['civil', 'criminal'], from: ['2026-01-01', 'nonsense'] }).filter).toEqual({ kind: 'civil', from: '2026-01-01' });
  });
});
