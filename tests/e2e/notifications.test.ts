import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import { demoAccount, expectNoAxeViolations, launchBrowser, newContext, signIn } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The number a badge shows (0 when there is none), and what a screen reader hears instead. */
async function badge(scope: Locator): Promise<{ count: number; label: string }> {
  const b = scope.getByTestId('unread-badge');
  if ((await b.count()) === 0) return { count: 0, label: '' };
  return { count: Number(await b.locator('[aria-hidden="true"]').textContent()), label: (await b.locator('.sr-only').textContent()) ?? '' };
}

const spoken = (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`);

describe('unread messages', () => {
  it('a reviewer writes; the applicant sees it counted beside My cases and on the case, until they open the case', async () => {
    const applicant = await (await newContext(browser)).newPage();
    await signIn(applicant, 'en', demoAccount('applicant'));
    await applicant.goto('/en/my/cases');
    const nav = applicant.getByRole('navigation', { name: en.nav.main });
    const card = applicant.getByTestId('my-case').filter({ hasText: en.status.in_review }).first();
    const href = (await card.getByRole('heading').getByRole('link').getAttribute('href'))!;
    const before = { total: (await badge(nav)).count, onCase: (await badge(card)).count };

    // A reviewer writes to the applicant from the case's workspace.
    const reviewer = await (await newContext(browser)).newPage();
    await signIn(reviewer, 'en', demoAccount('reviewer'));
    await reviewer.goto(href.replace('/my/cases/', '/review/cases/'));
    const form = reviewer.locator('form').filter({ has: reviewer.getByRole('button', { name: en.review.sendMessage }) });
    const text = `Could you send the appeal ruling? ${Date.now()}`;
    await form.getByLabel(en.review.messageLabel).fill(text);
    await form.getByRole('button', { name: en.review.sendMessage }).click();
    await reviewer.getByText(text).first().waitFor();
    await reviewer.context().close();

    await applicant.reload();
    expect(await badge(nav)).toEqual({ count: before.total + 1, label: spoken(before.total + 1) });
    expect(await badge(card)).toEqual({ count: before.onCase + 1, label: spoken(before.onCase + 1) });
    await expectNoAxeViolations(applicant);

    // Opening the case reads it (client-side navigation: the header is not rendered again).
    await card.getByRole('heading').getByRole('link').click();
    await applicant.waitForURL(`**${href}`);
    await applicant.getByText(text).waitFor();
    await expect.poll(async () => (await badge(nav)).count).toBe(before.total - before.onCase);

    // Back to the list through the navigation: nothing new on that case, the total stays down,
    // and so after a full reload, from the server.
    await nav.getByRole('link', { name: en.nav.myCases }).click();
    await applicant.waitForURL('**/en/my/cases');
    await expect.poll(async () => (await badge(nav)).count).toBe(before.total - before.onCase);
    await expect(badge(applicant.locator(`[data-testid="my-case"]:has(a[href="${href}"])`))).resolves.toEqual({ count: 0, label: '' });
    await applicant.reload();
    expect((await badge(nav)).count).toBe(before.total - before.onCase);
    await applicant.context().close();
  });
});
