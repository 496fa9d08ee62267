import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPetitions } from '@/lib/demo/fixtures';
import kk from '@/messages/kk.json';
import { expectNoAxeViolations, launchBrowser, newContext, phone } from './support/browser';
import { waitForMail } from './support/mailbox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = demoPetitions.find((p) => p.status === 'open')!;
const closed = demoPetitions.find((p) => p.status === 'closed')!;
const s = kk.publicPetitions.sign;
const c = kk.publicPetitions.confirm;

/** The number in bold in the count line, digits only (grouping spaces vary by engine). */
async function shownCount(page: Page): Promise<number> {
  const strong = await page.getByTestId('petition-count').locator('strong').textContent();
  return Number((strong ?? '').replace(/\D/g, ''));
}

/** The text of the last mail to `email`, opened from the dev mailbox once its `count`-th mail is there. */
async function openLastMail(page: Page, email: string, count = 1): Promise<void> {
  await (await waitForMail(page, 'kk', email, { count })).first().getByRole('link').click();
  await page.getByTestId('mail-body').waitFor();
}

describe('signing a petition (a visitor, in Kazakh, on a phone)', () => {
  it('signs, is told field by field what is wrong, confirms from the mailbox and sees the count go up', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    const email = `signer-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.kz`;
    await page.goto(`/kk/petitions/${open.slug}`);
    const before = await shownCount(page);

    // Empty: an error beside each field, focus on the first.
    const form = page.getByRole('form', { name: s.title });
    await form.getByRole('button', { name: s.submit }).click();
    await form.getByText(kk.validation.required).first().waitFor();
    const describedBy = async (label: string) => {
      const field = form.getByLabel(label, { exact: true });
      const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
      return page.locator(`[id="${ids[0]}"]`).textContent();
    };
    await expect(describedBy(s.name)).resolves.toBe(kk.validation.required);
    await expect(describedBy(s.email)).resolves.toBe(kk.validation.required);
    await expect(describedBy(s.region)).resolves.toBe(kk.validation.chooseYourRegion);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await expectNoAxeViolations(page);

    // A malformed address is named; what was typed stays.
    await form.getByLabel(s.name, { exact: true }).fill('Дана Серікқызы');
    await form.getByLabel(s.email, { exact: true }).fill('dana@');
    await form.getByLabel(s.region, { exact: true }).selectOption({ label: 'Астана' });
    await form.getByLabel(s.isPublic).check();
    await form.getByRole('button', { name: s.submit }).click();
    await expect.poll(() => describedBy(s.email)).toBe(kk.validation.emailInvalid);
    await expect(form.getByLabel(s.name, { exact: true }).inputValue()).resolves.toBe('Дана Серікқызы');

    await form.getByLabel(s.email, { exact: true }).fill(`  ${email.toUpperCase()} `);
    await form.getByRole('button', { name: s.submit }).click();
    await page.getByText(s.sentTitle).waitFor();

    // The mail is in Kazakh, with a link to the confirmation page; opening it changes nothing yet.
    await openLastMail(page, email);
    const link = page.getByTestId('mail-body').locator('a[href*="/confirm?token="]');
    const href = (await link.getAttribute('href'))!;
    expect(href).toContain(`/kk/petitions/${open.slug}/confirm?token=`);
    await link.click();
    await page.getByRole('heading', { level: 1, name: c.title }).waitFor();
    await page.getByText(open.titles.kk).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: c.submit }).click();
    await page.getByText(c.doneTitle).waitFor();

    // Back on the petition, the count moves by one without a reload, and the first name is listed.
    await page.getByRole('link', { name: c.backToPetition }).click();
    await page.waitForURL(`**/kk/petitions/${open.slug}`);
    await expect.poll(() => shownCount(page), { timeout: 20_000 }).toBe(before + 1);
    // The list of signers is rendered on the server and may be a few seconds behind: reload until it is there.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('latest-signers').getByRole('listitem').first().textContent();
        },
        { timeout: 20_000 },
      )
      .toBe('Дана, Астана');
    await expect(page.getByTestId('latest-signers').textContent()).resolves.not.toContain('Серікқызы');

    // The same link again: already confirmed, nothing more counted.
    await page.goto(href);
    await page.getByText(c.confirmed).waitFor();
    await expect(page.getByRole('button', { name: c.submit }).count()).resolves.toBe(0);

    // Signing again with the same address: the same answer, and a mail saying it already counts.
    await page.goto(`/kk/petitions/${open.slug}`);
    await page.getByLabel(s.name, { exact: true }).fill('Дана');
    await page.getByLabel(s.email, { exact: true }).fill(email);
    await page.getByLabel(s.region, { exact: true }).selectOption({ label: 'Астана' });
    await page.getByRole('button', { name: s.submit }).click();
    await page.getByText(s.sentTitle).waitFor();
    await openLastMail(page, email, 2);
    await expect(page.getByTestId('mail-body').textContent()).resolves.toContain(kk.mail.signatureAlready.body.split('{title}')[1]!.slice(0, 40));
    await page.goto(`/kk/petitions/${open.slug}`);
    await expect(shownCount(page)).resolves.toBe(before + 1);
    await context.close();
  });

  it('explains a forged link, and a closed petition offers no form', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await page.goto(`/kk/petitions/${open.slug}/confirm?token=${'A'.repeat(43)}`);
    await page.getByText(c.invalid).waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`/kk/petitions/${closed.slug}`);
    await page.getByText(kk.publicPetitions.closedNotice).waitFor();
    await expect(page.getByRole('form', { name: s.title }).count()).resolves.toBe(0);
    // The signing route refuses it too, with the reason the form would show.
    const response = await page.request.post(`/api/petitions/${closed.slug}/signatures?locale=kk`, {
      data: { name: 'Дана', email: 'closed@example.kz', regionCode: 'astana', isPublic: false },
    });
    expect(response.status()).toBe(409);
    await expect(response.json()).resolves.toMatchObject({ formError: 'publicPetitions.sign.closed' });
    await context.close();
  });

  it('serves the count as cacheable JSON', async () => {
    const context = await newContext(browser);
    const response = await context.request.get(`/api/petitions/${open.slug}/count`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('public, max-age=5, stale-while-revalidate=30, no-transform');
    await expect(response.json()).resolves.toMatchObject({ goal: open.signatureGoal, status: 'open' });
    await context.close();
  });
});
