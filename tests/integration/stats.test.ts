import crypto from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/public/stats/route';
import { getDb } from '@/db/client';
import { bundleCases, bundles, cases, petitions, type CaseStatus } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { caseKindValues, caseStatusValues } from '@/lib/cases/vocabulary';
import { regionCodes } from '@/lib/reference/data';
import { forgetPublicStats, getPublicStats, MIN_PUBLISHED_COUNT, PUBLIC_STATS_MAX_AGE_MS, type KeyedCell, type PublicStats } from '@/lib/stats/public';
import { createCase, type CaseOverrides } from '../factories/cases';
import { createUser } from '../factories/users';

const DAY = 86_400_000;

let applicant: CurrentUser;
let organizer: CurrentUser;

beforeAll(async () => {
  [applicant, organizer] = await Promise.all([createUser('applicant'), createUser('organizer')]);
});

// The figures are remembered for a minute; each test reads what it just wrote.
beforeEach(() => forgetPublicStats());

async function createCases(count: number, overrides: CaseOverrides) {
  return Promise.all(Array.from({ length: count }, () => createCase(applicant, overrides)));
}

const cellOf = (list: KeyedCell[], key: string) => list.find((c) => c.key === key);

/** Every count anywhere in the published figures, with where it was found. */
function allCounts(value: unknown, path = '$'): { path: string; count: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => allCounts(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const own = 'count' in value ? [{ path, count: (value as { count: unknown }).count }] : [];
    return [...own, ...Object.entries(value).flatMap(([k, v]) => allCounts(v, `${path}.${k}`))];
  }
  return [];
}

async function petition(overrides: Partial<typeof petitions.$inferInsert>) {
  const slug = `stats-${crypto.randomBytes(5).toString('hex')}`;
  await getDb()
    .insert(petitions)
    .values({ slug, status: 'open', titleKk: slug, titleRu: slug, titleEn: slug, bodyKk: '-', bodyRu: '-', bodyEn: '-', addressee: 'Генеральному Прокурору', signatureGoal: 100, ...overrides });
}

/** A bundle in `status` holding the given cases with their outcomes (the bundle flow itself has its own tests). */
async function bundleOf(status: 'draft' | 'finalized' | 'submitted' | 'answered', members: { caseId: string; outcome: 'protest_brought' | 'protest_refused' | null }[]) {
  const [bundle] = await getDb().insert(bundles).values({ title: `Bundle ${status}`, status, createdById: organizer.id }).returning({ id: bundles.id });
  await getDb()
    .insert(bundleCases)
    .values(members.map((m, i) => ({ bundleId: bundle!.id, caseId: m.caseId, position: i + 1, outcome: m.outcome })));
}

describe('open statistics', () => {
  it('never publishes a count below 5: 4 becomes "fewer than 5", 5 is shown', async () => {
    await createCases(4, { regionCode: 'akmola', status: 'in_review' });
    await createCases(5, { regionCode: 'pavlodar', status: 'in_review' });
    const stats = await getPublicStats();

    expect(cellOf(stats.cases.byRegion, 'pavlodar')).toEqual({ key: 'pavlodar', count: 5 });
    expect(cellOf(stats.cases.byRegion, 'akmola')).toEqual({ key: 'akmola', count: null, fewerThan: 5 });
    // A region with no case at all looks exactly like one with a few.
    expect(cellOf(stats.cases.byRegion, 'ulytau')).toEqual({ key: 'ulytau', count: null, fewerThan: 5 });
    for (const { path, count } of allCounts(stats)) {
      expect(count === null || (typeof count === 'number' && count >= MIN_PUBLISHED_COUNT), path).toBe(true);
    }
    // Nor does the exact small number hide anywhere else in the JSON.
    expect(JSON.stringify(stats)).not.toMatch(/"count":[1-4][,}]/);
  });

  it('orders regions by their exact counts only; suppressed ones follow in the fixed reference order', async () => {
    await createCases(6, { regionCode: 'kostanay' });
    const { byRegion } = (await getPublicStats()).cases;
    const exact = byRegion.filter((c) => c.count !== null);
    const suppressed = byRegion.filter((c) => c.count === null).map((c) => c.key);
    expect(exact.map((c) => c.count)).toEqual([...exact.map((c) => c.count)].sort((a, b) => b! - a!));
    expect(byRegion.slice(0, exact.length)).toEqual(exact);
    expect(suppressed).toEqual(regionCodes.filter((code) => suppressed.includes(code)));
    expect(byRegion.map((c) => c.key).sort()).toEqual([...regionCodes].sort());
  });

  it('never counts drafts, nor drafts withdrawn before they were submitted', async () => {
    const before = await getPublicStats();
    await createCases(7, { regionCode: 'mangystau', status: 'draft', kind: 'civil', judgmentDate: '2004-03-01' });
    // Withdrawn from the draft: never submitted, so no reference.
    await getDb()
      .insert(cases)
      .values(Array.from({ length: 6 }, () => ({ applicantId: applicant.id, status: 'withdrawn' as const, regionCode: 'mangystau', kind: 'civil' as const, judgmentDate: '2004-03-01' })));
    forgetPublicStats();
    const after = await getPublicStats();
    expect(after.cases.total).toEqual(before.cases.total);
    expect(after.cases.byKind).toEqual(before.cases.byKind);
    expect(after.cases.byStatus).toEqual(before.cases.byStatus);
    expect(cellOf(after.cases.byRegion, 'mangystau')).toEqual({ key: 'mangystau', count: null, fewerThan: 5 });
    expect(cellOf(after.cases.byJudgmentYear, '2004')).toBeUndefined();
    expect(cellOf(after.cases.byStatus, 'draft')).toBeUndefined();
  });

  it('counts by status, kind and year of judgment', async () => {
    await createCases(5, { status: 'declined', kind: 'administrative', judgmentDate: '2011-06-15' });
    await createCases(2, { status: 'declined', kind: 'administrative', judgmentDate: '2012-01-20' });
    const stats = await getPublicStats();
    expect(stats.cases.byStatus.map((c) => c.key)).toEqual(caseStatusValues.filter((s) => s !== 'draft'));
    expect(stats.cases.byKind.map((c) => c.key)).toEqual([...caseKindValues]);
    expect(cellOf(stats.cases.byStatus, 'declined')).toEqual({ key: 'declined', count: 7 });
    expect(cellOf(stats.cases.byKind, 'administrative')).toEqual({ key: 'administrative', count: 7 });
    expect(cellOf(stats.cases.byJudgmentYear, '2011')).toEqual({ key: '2011', count: 5 });
    expect(cellOf(stats.cases.byJudgmentYear, '2012')).toEqual({ key: '2012', count: null, fewerThan: 5 });
    const years = stats.cases.byJudgmentYear.map((c) => Number(c.key));
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });

  it('counts per-case outcomes of requests handed to a prosecutor, not of drafts or unsent ones', async () => {
    const caseIn = (status: CaseStatus, n: number) => createCases(n, { status, regionCode: 'abai' });
    const brought = await caseIn('protest_brought', 5);
    const refused = await caseIn('protest_refused', 3);
    const filed = await caseIn('filed', 6);
    const withdrawn = await caseIn('withdrawn', 1);
    const unsent = await caseIn('bundled', 8);
    await bundleOf('answered', [
      ...brought.map((c) => ({ caseId: c.id, outcome: 'protest_brought' as const })),
      ...refused.map((c) => ({ caseId: c.id, outcome: 'protest_refused' as const })),
      // Withdrawn while the request was prepared: no outcome, not counted anywhere.
      ...withdrawn.map((c) => ({ caseId: c.id, outcome: null })),
    ]);
    await bundleOf('submitted', filed.map((c) => ({ caseId: c.id, outcome: null })));
    await bundleOf('finalized', unsent.slice(0, 4).map((c) => ({ caseId: c.id, outcome: null })));
    await bundleOf('draft', unsent.slice(4).map((c) => ({ caseId: c.id, outcome: null })));

    const { filing } = await getPublicStats();
    expect(filing.outcomes).toEqual([
      { key: 'protest_brought', count: 5 },
      { key: 'protest_refused', count: null, fewerThan: 5 },
      { key: 'awaiting_answer', count: 6 },
    ]);
    // Two requests went to the prosecutor: fewer than 5.
    expect(filing.bundlesFiled).toEqual({ count: null, fewerThan: 5 });
  });

  it('totals open and closed petitions and their confirmed signatures, never drafts', async () => {
    const soon = new Date(Date.now() + 30 * DAY);
    for (let i = 0; i < 5; i++) await petition({ status: 'open', confirmedCount: 100 + i, closesAt: i === 0 ? soon : null });
    await petition({ status: 'closed', confirmedCount: 40 });
    // Still "open" in the table but past its closing date: closed for visitors, as on the petitions page.
    await petition({ status: 'open', confirmedCount: 2, closesAt: new Date(Date.now() - DAY) });
    await petition({ status: 'draft', confirmedCount: 100_000 });

    const stats = await getPublicStats();
    expect(stats.petitions).toEqual({
      open: { count: 5 },
      closed: { count: null, fewerThan: 5 },
      confirmedSignatures: { count: 100 + 101 + 102 + 103 + 104 + 40 + 2 },
    });
  });

  it('remembers the figures for a minute, then reads them again', async () => {
    const db = getDb();
    const now = Date.now();
    const first = await getPublicStats(db, now);
    await createCases(5, { regionCode: 'north_kazakhstan' });
    expect(await getPublicStats(db, now + PUBLIC_STATS_MAX_AGE_MS - 1)).toBe(first);
    const fresh = await getPublicStats(db, now + PUBLIC_STATS_MAX_AGE_MS);
    expect(cellOf(fresh.cases.byRegion, 'north_kazakhstan')).toEqual({ key: 'north_kazakhstan', count: 5 });
  });

  it('serves the documented JSON shape from /api/public/stats with public caching', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    const body = (await response.json()) as PublicStats;
    expect(Object.keys(body).sort()).toEqual(['cases', 'filing', 'generatedAt', 'minPublishedCount', 'petitions']);
    expect(body.minPublishedCount).toBe(5);
    expect(Number.isNaN(Date.parse(body.generatedAt))).toBe(false);
    expect(Object.keys(body.cases).sort()).toEqual(['byJudgmentYear', 'byKind', 'byRegion', 'byStatus', 'total']);
    expect(Object.keys(body.filing).sort()).toEqual(['bundlesFiled', 'outcomes']);
    expect(Object.keys(body.petitions).sort()).toEqual(['closed', 'confirmedSignatures', 'open']);
    const cells = allCounts(body);
    expect(cells.length).toBeGreaterThan(30);
    for (const { path, count } of cells) {
      expect(count === null || (Number.isInteger(count) && (count as number) >= 5), path).toBe(true);
    }
    // A suppressed cell says so, and nothing else.
    for (const cell of body.cases.byRegion) {
      expect(Object.keys(cell).sort(), cell.key).toEqual(cell.count === null ? ['count', 'fewerThan', 'key'] : ['count', 'key']);
      if (cell.count === null) expect(cell).toEqual({ key: cell.key, count: null, fewerThan: 5 });
    }
    // No personal data: nothing but keys, counts and the time.
    expect(JSON.stringify(body)).not.toMatch(/RD-\d{4}|@|Омаров|суд/);
  });
});
