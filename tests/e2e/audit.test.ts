import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ru from '@/messages/ru.json';
import { demoAccount, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('the audit log', () => {
  it('lets an admin filter by action, verify the chain and download what is shown (desktop)', async () => {
    const context = await newContext(browser, { ...desktop, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'en', demoAccount('admin'));
    await page.goto('/en/admin/audit');
    await expect(page.locator('h1').textContent()).resolves.toBe(en.audit.title);
    await expectNoAxeViolations(page);

    // The admin's own sign-in is in the log.
    await page.getByLabel(en.audit.filters.action).selectOption('auth.sign_in');
    await page.getByRole('button', { name: en.audit.filters.apply }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'auth.sign_in');
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    const actions = await rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['auth.sign_in']));
    await expect(page.getByTestId('audit-total').textContent()).resolves.toMatch(/\d+ events?/);
    await expect(rows.first().textContent()).resolves.toContain(en.audit.actions.auth.sign_in);

    // The chain check keeps the filter and reports on the whole log.
    await page.getByRole('button', { name: en.audit.chain.verify }).click();
    await page.waitForURL((url) => url.searchParams.get('verify') === '1' && url.searchParams.get('action') === 'auth.sign_in');
    const result = page.getByTestId('chain-result');
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    await expect(result.textContent()).resolves.toMatch(/^The chain is intact: \d+ events checked, up to event \d+\.$/);
    await expectNoAxeViolations(page);

    // The CSV holds the same events, with the header in the page's language.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en.audit.exportCsv }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    const records = parse(bytes, { bom: true }) as string[][];
    expect(records[0]![0]).toBe(en.audit.csv.id);
    expect(records.length - 1).toBeGreaterThanOrEqual(actions.length);
    expect(new Set(records.slice(1).map((r) => r[6]))).toEqual(new Set(['auth.sign_in']));

    // The download and the check are on the record.
    await page.goto('/en/admin/audit?action=audit.exported');
    await expect(page.getByTestId('audit-row').first().textContent()).resolves.toContain(demoAccount('admin').email);
    await page.goto('/en/admin/audit?action=audit.verified');
    await expect(page.getByTestId('audit-row').first().textContent()).resolves.toContain(en.audit.actions.audit.verified);
    await context.close();
  });

  it('works on a phone, in Russian, without the page scrolling sideways', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await signIn(page, 'ru', demoAccount('admin'));
    await page.goto('/ru/admin/audit');
    await expectNoAxeViolations(page);
    await page.getByLabel(ru.audit.filters.action).selectOption('auth.sign_in');
    await page.getByRole('button', { name: ru.audit.filters.apply }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'auth.sign_in');
    await page.getByRole('button', { name: ru.audit.chain.verify }).click();
    await page.waitForURL((url) => url.searchParams.get('verify') === '1');
    await expect(page.getByTestId('chain-result').getAttribute('data-ok')).resolves.toBe('true');
    await expectNoAxeViolations(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Each event number opens that event alone, with its place in the chain.
    const first = page.getByTestId('audit-row').first().locator('th a');
    const id = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL((url) => url.searchParams.get('event') === id);
    await expect(page.getByTestId('audit-row').count()).resolves.toBe(1);
    await expect(page.getByTestId('audit-event-hashes').textContent()).resolves.toMatch(/[0-9a-f]{64}/);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('is refused to an applicant: the page answers 403, and so does the export', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'en', demoAccount('applicant'));
    expect((await page.goto('/en/admin/audit?verify=1'))?.status()).toBe(403);
    const response = await page.request.get('/api/admin/audit/export');
    expect(response.status()).toBe(403);
    expect(response.headers()['content-type']).toContain('application/json');
    await context.close();
  });
});
