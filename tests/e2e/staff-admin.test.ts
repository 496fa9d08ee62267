import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ru from '@/messages/ru.json';
import { demoAccount, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn, totpCode, totpStepNow, waitForTotpStepAfter } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The dev mailbox's link to the latest mail for `email`; the jobs worker may need a moment to deliver it. */
async function openMailTo(page: Page, email: string): Promise<void> {
  const row = page.getByRole('row').filter({ hasText: email });
  await expect
    .poll(
      async () => {
        await page.goto('/ru/dev/mailbox');
        return row.count();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBeGreaterThan(0);
  await row.first().getByRole('link').click();
}

describe('staff administration', () => {
  it('an admin invites a reviewer in Russian; the reviewer joins with two-factor sign-in; the admin disables them', async () => {
    const email = `e2e-reviewer-${Date.now()}@example.kz`;
    const password = 'длинный пароль юриста 2026';

    // The admin invites.
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, 'ru', demoAccount('admin'));
    await admin.goto('/ru/admin/users');
    await expect(admin.locator('h1').textContent()).resolves.toBe(ru.admin.usersTitle);
    await expectNoAxeViolations(admin);
    const inviteForm = admin.getByTestId('invite-form');
    await inviteForm.getByLabel(ru.admin.invite.email).fill(email);
    await inviteForm.getByLabel(ru.admin.invite.role).selectOption('reviewer');
    await inviteForm.getByLabel(ru.admin.invite.locale).selectOption('ru');
    await inviteForm.getByRole('button', { name: ru.admin.invite.submit }).click();
    await inviteForm.getByText(ru.admin.invite.sent.replace('{email}', email)).waitFor();
    await admin.getByTestId('invitation-row').filter({ hasText: email }).waitFor();
    await expectNoAxeViolations(admin);

    // The invitee opens the link from the mailbox.
    const inviteeContext = await newContext(browser);
    const invitee = await inviteeContext.newPage();
    await openMailTo(invitee, email);
    const link = invitee.getByTestId('mail-body').locator('a[href*="/ru/invitations/accept?token="]');
    const href = (await link.getAttribute('href'))!;
    await link.click();
    await invitee.waitForURL('**/ru/invitations/accept?token=**');
    await expect(invitee.locator('h1').textContent()).resolves.toBe(ru.invitations.title);
    await expectNoAxeViolations(invitee);

    // The same page on a phone (opening it again changes nothing).
    const phoneContext = await newContext(browser, phone);
    const onPhone = await phoneContext.newPage();
    await onPhone.goto(href);
    await onPhone.getByTestId('totp-secret').waitFor();
    await expectNoAxeViolations(onPhone);
    await phoneContext.close();

    // A wrong code is refused beside the field; what was typed stays.
    await invitee.getByLabel(ru.invitations.name).fill('Асхат Жумабаев');
    await invitee.getByLabel(ru.invitations.password).fill(password);
    const secret = (await invitee.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const good = totpCode(secret);
    await invitee.getByLabel(ru.invitations.code).fill(good === '000000' ? '111111' : '000000');
    await invitee.getByRole('button', { name: ru.invitations.submit }).click();
    await invitee.getByText(ru.invitations.codeWrong).waitFor();
    await expect(invitee.getByLabel(ru.invitations.name).inputValue()).resolves.toBe('Асхат Жумабаев');
    await expectNoAxeViolations(invitee);

    // The right code: the account exists, and the recovery codes are shown once.
    const enrolledStep = totpStepNow();
    await invitee.getByLabel(ru.invitations.code).fill(totpCode(secret, enrolledStep * 30_000));
    await invitee.getByRole('button', { name: ru.invitations.submit }).click();
    await invitee.getByRole('heading', { name: ru.invitations.done.title }).waitFor();
    const codes = await invitee.getByTestId('recovery-codes').locator('li').allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await expectNoAxeViolations(invitee);

    // The link is used up.
    await invitee.goto(href);
    await expect(invitee.getByTestId('invitation-refused').textContent()).resolves.toBe(ru.invitations.reasons.used);

    // The new reviewer signs in with a fresh code (the enrolment's code may not be used twice).
    await waitForTotpStepAfter(enrolledStep);
    const reviewerAccount = { email, password, totpSecret: secret };
    await signIn(invitee, 'ru', reviewerAccount);
    expect(new URL(invitee.url()).pathname).toBe('/ru/review');

    // The admin sees them with two-factor on, and disables them.
    await admin.goto(`/ru/admin/users?q=${encodeURIComponent(email)}`);
    const row = admin.getByTestId('user-row').filter({ hasText: email });
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(ru.admin.twoFactorOn);
    await expect(row.getByTestId('user-status').textContent()).resolves.toBe(ru.admin.statusActive);
    await expect(admin.getByTestId('invitation-row').filter({ hasText: email }).count()).resolves.toBe(0);
    await row.getByRole('button', { name: ru.admin.disable }).click();
    await row.getByText(ru.admin.disabled).waitFor();
    await expect.poll(() => row.getByTestId('user-status').textContent()).toBe(ru.admin.statusDisabled);
    await expectNoAxeViolations(admin);

    // The reviewer's next request finds the session gone.
    await invitee.goto('/ru/review');
    expect(new URL(invitee.url()).pathname).toBe('/ru/sign-in');

    await inviteeContext.close();
    await adminContext.close();
  });

  it('the admin page passes axe on a phone, and only its table scrolls sideways, not the page', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await signIn(page, 'ru', demoAccount('admin'));
    await page.goto('/ru/admin/users');
    await page.getByTestId('invite-form').waitFor();
    await expectNoAxeViolations(page);
    // The per-row controls carry visually hidden labels: they must stay inside the table's scroller.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('a forged link gets a page that says why', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await page.goto(`/ru/invitations/accept?token=${'x'.repeat(43)}`);
    await expect(page.getByTestId('invitation-refused').textContent()).resolves.toBe(ru.invitations.reasons.invalid);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
