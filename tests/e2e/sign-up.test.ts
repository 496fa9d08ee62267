import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kk from '@/messages/kk.json';
import { expectNoAxeViolations, launchBrowser, newContext } from './support/browser';
import { waitForMail } from './support/mailbox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('an applicant signs up in Kazakh', () => {
  it('signs up, confirms the e-mail from the mailbox, signs in and sees My cases', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const email = `e2e-${Date.now()}@example.kz`;
    const password = 'менің құпия сөзім 2026';

    await page.goto('/kk/sign-up');
    await expect(page.locator('h1').textContent()).resolves.toBe(kk.auth.signUpTitle);
    await page.getByLabel(kk.auth.name).fill('Сәуле Бекова');
    await page.getByLabel(kk.auth.email).fill(email);
    await page.getByLabel(kk.auth.password).fill(password);
    await page.getByRole('button', { name: kk.auth.submitSignUp }).click();
    await page.getByText(kk.auth.checkEmailTitle).waitFor();

    await (await waitForMail(page, 'kk', email)).getByRole('link').click();
    const link = page.getByTestId('mail-body').locator('a[href*="/kk/verify-email?token="]');
    await link.click();
    await page.getByText(kk.auth.verifySuccess).waitFor();

    await page.goto('/kk/sign-in');
    await page.getByLabel(kk.auth.email).fill(email);
    await page.getByLabel(kk.auth.password).fill(password);
    await page.getByRole('button', { name: kk.auth.submitSignIn }).click();
    await page.waitForURL('**/kk/my/cases');
    await expect(page.locator('h1').textContent()).resolves.toBe(kk.myCases.title);
    await expect(page.getByTestId('account').textContent()).resolves.toContain('Сәуле Бекова');
    await expect(page.getByRole('navigation', { name: kk.nav.main }).getByRole('link').allTextContents()).resolves.toContain(kk.nav.myCases);
    await context.close();
  });

  it('announces form errors: each beside its field, described by it, focus on the first', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/kk/sign-up');
    await page.getByLabel(kk.auth.email).fill('not-an-email');
    await page.getByRole('button', { name: kk.auth.submitSignUp }).click();

    const name = page.getByLabel(kk.auth.name);
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await name.getAttribute('aria-describedby'))!.split(' ');
    const texts = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts).toContain(kk.validation.nameTooShort);

    const emailField = page.getByLabel(kk.auth.email);
    await expect(emailField.getAttribute('aria-invalid')).resolves.toBe('true');
    const emailErrorId = (await emailField.getAttribute('aria-describedby'))!.split(' ')[0]!;
    await expect(page.locator(`[id="${emailErrorId}"]`).textContent()).resolves.toBe(kk.validation.emailInvalid);
    // What was typed stays.
    await expect(emailField.inputValue()).resolves.toBe('not-an-email');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('tells a second sign-up with the same address beside the e-mail field', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/kk/sign-up');
    await page.getByLabel(kk.auth.name).fill('Басқа Адам');
    await page.getByLabel(kk.auth.email).fill('APPLICANT@demo.redress.kz');
    await page.getByLabel(kk.auth.password).fill('тағы бір ұзын құпия сөз');
    await page.getByRole('button', { name: kk.auth.submitSignUp }).click();
    await page.getByText(kk.validation.emailTaken).waitFor();
    const emailField = page.getByLabel(kk.auth.email);
    await expect(emailField.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(() => emailField.evaluate((el) => el === document.activeElement)).toBe(true);
    await context.close();
  });
});
