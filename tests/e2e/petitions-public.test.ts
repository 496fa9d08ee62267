import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPetitions } from '@/lib/demo/fixtures';
import kk from '@/messages/kk.json';
import { desktop, expectNoAxeViolations, launchBrowser, newContext, phone } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = demoPetitions.find((p) => p.status === 'open')!;
const closed = demoPetitions.find((p) => p.status === 'closed')!;
const confirmed = (p: typeof open) => p.signatures.filter((s) => s.isConfirmed).length;
/**
 * The progress bar's accessible name, "Жиналған қолтаңба: 6, мақсат — 50 000", from the catalog;
 * any run of spaces (non-breaking ones too) and the digit grouping may differ by engine.
 */
function progressName(count: number, goal: number): RegExp {
  const flexible = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const [before = '', rest = ''] = kk.publicPetitions.progress.replace(/<\/?strong>/g, '').split('{count}');
  const [middle = '', after = ''] = rest.split('{goal}');
  const grouped = String(goal).replace(/\B(?=(\d{3})+$)/g, '\\s?');
  return new RegExp(`^${flexible(before)}${count}${flexible(middle)}${grouped}${flexible(after)}$`);
}

async function expectHeadings(page: Page, names: string[]) {
  await expect(page.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual(names);
}

describe('public petitions (a visitor, not signed in)', () => {
  it('finds the petitions from the menu, reads the open one with its count, and sees the closed one is closed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // The demo's confirmed signatures, plus any a signing test added earlier on this database.
    const openCount = ((await (await context.request.get(`/api/petitions/${open.slug}/count`)).json()) as { count: number }).count;
    expect(openCount).toBeGreaterThanOrEqual(confirmed(open));
    await page.goto('/kk');
    await page.getByRole('navigation', { name: kk.nav.main }).getByRole('link', { name: kk.publicPetitions.nav }).click();
    await page.waitForURL('**/kk/petitions');
    await expect(page.locator('h1').textContent()).resolves.toBe(kk.publicPetitions.title);
    // Open petitions come before closed ones.
    await expectHeadings(page, [kk.publicPetitions.openTitle, kk.publicPetitions.closedTitle]);

    const card = page.getByTestId('petition-card').filter({ hasText: open.titles.kk });
    const bar = card.getByRole('progressbar', { name: progressName(openCount, open.signatureGoal) });
    await expect(bar.getAttribute('value')).resolves.toBe(String(openCount));
    await expect(bar.getAttribute('max')).resolves.toBe(String(open.signatureGoal));
    await expect(card.textContent()).resolves.toContain(kk.publicPetitions.statusOpen);

    await card.getByRole('link', { name: open.titles.kk }).click();
    await page.waitForURL(`**/kk/petitions/${open.slug}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(open.titles.kk);
    // The title is updated once the streamed metadata arrives after a client-side navigation.
    await page.waitForFunction((title) => document.title.startsWith(title), open.titles.kk);
    const text = page.getByTestId('petition-text');
    // The Markdown list and link are rendered, not shown as raw asterisks and dashes.
    const items = await text.getByRole('listitem').allTextContents();
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/^сотталғандар мен олардың туыстарының/);
    await expect(text.textContent()).resolves.not.toContain('**');
    const lawLink = text.getByRole('link', { name: 'Қазақстан Республикасының Қылмыстық-процестік кодексінде' });
    await expect(lawLink.getAttribute('href')).resolves.toBe('https://adilet.zan.kz/kaz/docs/K1400000231');
    await expect(lawLink.getAttribute('rel')).resolves.toBe('nofollow noopener noreferrer');
    await expect(text.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual(['Біз не талап етеміз', 'Бұл неге маңызды']);
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await page.getByRole('complementary', { name: kk.publicPetitions.signaturesTitle }).getByRole('progressbar', { name: progressName(openCount, open.signatureGoal) }).waitFor();
    await expect(page.getByText(kk.publicPetitions.closedNotice).count()).resolves.toBe(0);

    await page.getByRole('link', { name: kk.publicPetitions.allPetitions }).click();
    await page.waitForURL('**/kk/petitions');
    await page.getByTestId('petition-card').getByRole('link', { name: closed.titles.kk }).click();
    await page.waitForURL(`**/kk/petitions/${closed.slug}`);
    await page.getByText(kk.publicPetitions.closedNotice).waitFor();
    await page.getByRole('progressbar', { name: progressName(confirmed(closed), closed.signatureGoal) }).waitFor();
    await context.close();
  });

  it('shows the 404 page for an unknown petition', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const slug of ['no-such-petition', 'x'.repeat(300)]) {
      const response = await page.goto(`/kk/petitions/${slug}`);
      expect(response?.status(), slug).toBe(404);
      await expect(page.getByTestId('not-found').locator('h1').textContent()).resolves.toBe(kk.notFound.title);
    }
    await context.close();
  });

  for (const [label, device] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`passes axe on the list and both petitions on a ${label}`, async () => {
      const context = await newContext(browser, device);
      const page = await context.newPage();
      for (const path of ['/kk/petitions', `/kk/petitions/${open.slug}`, `/ru/petitions/${closed.slug}`, '/en/petitions?page=9', '/kk']) {
        await page.goto(path);
        await expectNoAxeViolations(page);
      }
      // Nothing sticks out sideways on a phone.
      await page.goto(`/kk/petitions/${open.slug}`);
      await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
      await context.close();
    });
  }
});
