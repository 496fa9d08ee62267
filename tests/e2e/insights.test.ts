import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseKindList } from '@/lib/reference/data';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import { demoAccount, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
/** "5-тен аз": how the Kazakh page shows a suppressed count. */
const kkFewer = fill(kk.stats.fewerThan, { count: 5 });
/** Two demo cases name this judge (and the same court): the recurring lists must show both. */
const DEMO_RECURRING_JUDGE = 'Оразалина Г. Т.';

/** A chart by its heading: the figure, its (visual) bars, and its table once the table view is opened. */
async function openChart(page: Page, title: string) {
  const figure = page.getByRole('figure', { name: title, exact: true });
  await figure.waitFor();
  // A second click on the summary would close the table view again.
  if ((await figure.locator('details').getAttribute('open')) === null) await figure.locator('summary').click();
  const table = figure.getByRole('table', { name: title, exact: true });
  await table.waitFor();
  return { figure, table, rows: table.locator('tbody tr') };
}

/** Opens every table view on the page, so axe checks the tables too. */
async function openAllTables(page: Page) {
  const closed = page.locator('figure details:not([open]) summary');
  while ((await closed.count()) > 0) await closed.first().click();
}

async function expectNoSidewaysScroll(page: Page) {
  await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
}

describe('insights for organizers', () => {
  it('draws every chart with its table, lists the recurring judge with links to the cases, and filters by kind', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await signIn(page, 'en', demoAccount('organizer'));
    await page.getByRole('navigation', { name: en.nav.main }).getByRole('link', { name: en.nav.insights }).click();
    await page.waitForURL('**/en/organize/insights');
    await expect(page.locator('h1').textContent()).resolves.toBe(en.insights.title);

    const charts = [
      [en.insights.overTime, en.insights.columns.month],
      [en.insights.byStatus, en.insights.columns.status],
      [en.insights.byKind, en.insights.columns.kind],
      [en.insights.byRegion, en.insights.columns.region],
      [en.insights.byGround, en.insights.columns.ground],
      [en.insights.byCourt, en.insights.columns.court],
      [en.insights.byArticle, en.insights.columns.article],
      [en.insights.duration.title, en.insights.columns.status],
    ] as const;
    for (const [title, labelHeader] of charts) {
      const { figure, table, rows } = await openChart(page, title);
      // The bars are drawn, and hidden from screen readers, who get the table instead.
      await expect(figure.locator('[aria-hidden="true"] > div').count(), title).resolves.toBeGreaterThan(0);
      await expect(table.locator('thead th[scope="col"]').allTextContents(), title).resolves.toEqual([labelHeader, title === en.insights.duration.title ? en.insights.duration.averageDays : en.insights.count]);
      await expect(rows.count(), title).resolves.toBeGreaterThan(0);
      await expect(rows.first().locator('th[scope="row"]').count(), title).resolves.toBe(1);
    }
    // The demo cases were submitted over a year: one bar per month, empty months included.
    await expect((await openChart(page, en.insights.overTime)).rows.count()).resolves.toBeGreaterThan(6);

    const judge = page.getByTestId('recurring-judges-row').filter({ hasText: DEMO_RECURRING_JUDGE });
    const links = judge.getByRole('link');
    await expect(links.count()).resolves.toBeGreaterThanOrEqual(2);
    for (const link of await links.all()) {
      await expect(link.textContent()).resolves.toMatch(/^RD-\d{4}-\d{5}$/);
      await expect(link.getAttribute('href')).resolves.toMatch(/^\/en\/review\/cases\/[0-9a-f-]{36}$/);
    }
    const reference = (await links.first().textContent())!;
    await links.first().click();
    await page.waitForURL('**/en/review/cases/*');
    await page.getByText(reference).first().waitFor();

    // Only civil cases: the kind chart has one bar, and the choice stays in the URL and the field.
    await page.goto('/en/organize/insights');
    await page.getByLabel(en.insights.filters.kind, { exact: true }).selectOption('civil');
    await page.getByRole('button', { name: en.insights.filters.apply }).click();
    await page.waitForURL(/\/en\/organize\/insights\?.*kind=civil/);
    await expect(page.getByLabel(en.insights.filters.kind, { exact: true }).inputValue()).resolves.toBe('civil');
    const { rows } = await openChart(page, en.insights.byKind);
    await expect(rows.locator('th').allTextContents()).resolves.toEqual([caseKindList.find((k) => k.code === 'civil')!.names.en]);
    await context.close();
  });

  it('shows a bad date beside its field, never an error page', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await signIn(page, 'en', demoAccount('organizer'));
    const response = await page.goto('/en/organize/insights?from=2026-02-30&to=soon&kind=martial');
    expect(response?.status()).toBe(200);
    for (const label of [en.insights.filters.from, en.insights.filters.to]) {
      const field = page.getByLabel(label, { exact: true });
      await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
      const errorId = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
      await expect(page.locator(`[id="${errorId}"]`).textContent()).resolves.toBe(en.validation.dateInvalid);
    }
    // The filters that failed are ignored: every chart is still there.
    await page.getByRole('figure', { name: en.insights.byStatus, exact: true }).waitFor();

    await page.goto('/en/organize/insights?from=2026-03-01&to=2026-02-01');
    await page.getByText(en.insights.filters.toBeforeFrom).waitFor();
    await expect(page.getByLabel(en.insights.filters.to, { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await context.close();
  });

  for (const [label, device] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`passes axe with every table open, in Kazakh, on a ${label}`, async () => {
      const context = await newContext(browser, device);
      const page = await context.newPage();
      await signIn(page, 'kk', demoAccount('organizer'));
      for (const path of ['/kk/organize/insights', '/kk/organize/insights?kind=criminal&from=2020-01-01', '/kk/organize/insights?from=bad']) {
        await page.goto(path);
        await openAllTables(page);
        await expectNoAxeViolations(page);
      }
      await page.goto('/kk/organize/insights');
      await expectNoSidewaysScroll(page);
      await context.close();
    });
  }
});

describe('open statistics (a visitor, in Kazakh)', () => {
  it('is in the menu, shows small numbers only as "fewer than 5", and serves the same as JSON', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await page.goto('/kk');
    await page.getByRole('navigation', { name: kk.nav.main }).getByRole('link', { name: kk.stats.nav }).click();
    await page.waitForURL('**/kk/stats');
    await expect(page.locator('h1').textContent()).resolves.toBe(kk.stats.title);
    await page.waitForFunction((title) => document.title.startsWith(title), kk.stats.title);

    // The demo has no request sent to a prosecutor yet, and only a few petitions.
    await expect(page.getByTestId('stats-summary').textContent()).resolves.toContain(kkFewer);
    for (const title of [kk.stats.byStatus, kk.stats.byRegion, kk.stats.byKind, kk.stats.byYear, kk.stats.outcomesTitle]) {
      const { rows } = await openChart(page, title);
      await expect(rows.count(), title).resolves.toBeGreaterThan(0);
    }
    // The demo's cases are spread over the 20 regions: most regions have fewer than 5.
    const regions = (await openChart(page, kk.stats.byRegion)).rows;
    await expect(regions.count()).resolves.toBe(20);
    await expect(regions.filter({ hasText: kkFewer }).count()).resolves.toBeGreaterThan(0);
    // Nowhere on the page does a count from 1 to 4 appear.
    const cells = await page.locator('figure td, [data-testid="stats-summary"] dd').allTextContents();
    expect(cells.filter((text) => /^\s*[1-4]\s*$/.test(text))).toEqual([]);

    const json = await page.request.get('/api/public/stats');
    expect(json.status()).toBe(200);
    expect(json.headers()['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    const body = (await json.json()) as { minPublishedCount: number; cases: { byRegion: { key: string; count: number | null; fewerThan?: number }[] } };
    expect(body.minPublishedCount).toBe(5);
    expect(body.cases.byRegion).toHaveLength(20);
    for (const cell of body.cases.byRegion) expect(cell.count === null ? cell.fewerThan === 5 : cell.count >= 5, cell.key).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/"count":[1-4][,}]/);
    await context.close();
  });

  for (const [label, device] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`passes axe with every table open on a ${label}`, async () => {
      const context = await newContext(browser, device);
      const page = await context.newPage();
      for (const path of ['/kk/stats', '/ru/stats', '/en/stats']) {
        await page.goto(path);
        await expectNoAxeViolations(page);
        await openAllTables(page);
        await expectNoAxeViolations(page);
      }
      await page.goto('/kk/stats');
      await expectNoSidewaysScroll(page);
      await context.close();
    });
  }
});
