import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import {
  baseUrl,
  demoAccounts,
  desktop,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  phone,
  signIn,
  totpCode,
  totpStepNow,
  waitForTotpStepAfter,
} from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const security = en.accountSecurity;

/** A new applicant, signed up and confirmed through the dev mailbox, then signed in. */
async function newApplicant(page: Page): Promise<{ email: string; password: string }> {
  const email = `two-factor-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.kz`;
  const password = 'a long passphrase for the test';
  await page.goto('/en/sign-up');
  await page.getByLabel(en.auth.name).fill('Aliya Sarsenova');
  await page.getByLabel(en.auth.email).fill(email);
  await page.getByLabel(en.auth.password).fill(password);
  await page.getByRole('button', { name: en.auth.submitSignUp }).click();
  await page.getByText(en.auth.checkEmailTitle).waitFor();
  // Mail goes out through the jobs queue: look until it has arrived (bounded).
  const row = page.getByRole('row').filter({ hasText: email });
  for (let tries = 0; tries < 40 && (await row.count()) === 0; tries++) {
    await page.goto('/en/dev/mailbox');
    if ((await row.count()) === 0) await page.waitForTimeout(500);
  }
  await row.getByRole('link').click();
  await page.getByTestId('mail-body').locator('a[href*="verify-email"]').click();
  await page.getByText(en.auth.verifySuccess).waitFor();
  await signIn(page, 'en', { email, password });
  return { email, password };
}

async function fillCredentials(page: Page, account: { email: string; password: string }) {
  await page.goto('/en/sign-in');
  await page.getByLabel(en.auth.email).fill(account.email);
  await page.getByLabel(en.auth.password).fill(account.password);
  await page.getByRole('button', { name: en.auth.submitSignIn }).click();
}

async function submitCode(page: Page, label: string, code: string) {
  await page.getByLabel(label).fill(code);
  await page.getByRole('button', { name: en.auth.submitSignIn }).click();
}

async function expectCodeRefused(page: Page, label: string) {
  const field = page.getByLabel(label);
  await page.locator('input[name="code"][aria-invalid="true"]').waitFor();
  await expect(page.getByText(en.auth.codeInvalid).isVisible()).resolves.toBe(true);
  expect(new URL(page.url()).pathname).toBe('/en/sign-in');
  // Nothing typed is lost.
  await expect(page.getByLabel(en.auth.email).inputValue()).resolves.not.toBe('');
  await expect(field.getAttribute('autocomplete')).resolves.toBe('one-time-code');
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: en.common.signOut, exact: true }).click();
  await page.getByText(en.auth.signedOut).waitFor();
}

describe('two-factor sign-in for an applicant', () => {
  let account: { email: string; password: string };
  let secret: string;
  let recoveryCodes: string[];
  let enrollmentStep: number;

  it('turns it on from the account security page: QR code, key, a confirming code, ten recovery codes', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    account = await newApplicant(page);
    await page.getByRole('link', { name: security.navLink }).click();
    await page.waitForURL('**/en/account/security');
    await expect(page.getByTestId('two-factor-status').textContent()).resolves.toBe(security.statusOff);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: security.startEnrollment }).click();
    await page.getByTestId('totp-secret').waitFor();
    secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(page.getByRole('img', { name: security.qrLabel }).locator('svg').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    const codeField = page.getByLabel(security.confirmCode);
    await expect(codeField.getAttribute('inputmode')).resolves.toBe('numeric');
    const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
    await codeField.fill(wrong);
    await page.getByRole('button', { name: security.confirmEnrollment }).click();
    await page.getByText(en.auth.codeInvalid).waitFor();
    await expect(codeField.getAttribute('aria-invalid')).resolves.toBe('true');

    // The code of the previous step (the server allows one step of clock drift), so that signing
    // in below has a fresh step at once instead of waiting up to 30 s for the next one.
    if (Date.now() % 30_000 > 27_000) await waitForTotpStepAfter(totpStepNow());
    enrollmentStep = totpStepNow() - 1;
    await codeField.fill(totpCode(secret, enrollmentStep * 30_000));
    await page.getByRole('button', { name: security.confirmEnrollment }).click();
    await page.getByTestId('recovery-codes').waitFor();
    recoveryCodes = await page.getByTestId('recovery-code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: security.savedCodes }).click();
    await page.getByText('10 recovery codes left.').waitFor();
    await expect(page.getByTestId('two-factor-status').textContent()).resolves.toMatch(/^Two-factor sign-in is on/);
    // The codes were shown once: not on the page any more.
    await expect(page.getByTestId('recovery-code').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await signOut(page);
    await context.close();
  });

  it('asks for the code after the password, takes it once, and takes a recovery code once (on a phone)', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await fillCredentials(page, account);
    // The server asked for the second factor: the field appears, e-mail and password kept.
    const codeField = page.getByLabel(en.auth.code);
    await codeField.waitFor();
    await expect(codeField.getAttribute('inputmode')).resolves.toBe('numeric');
    await expect(codeField.getAttribute('autocomplete')).resolves.toBe('one-time-code');
    await expect(page.getByLabel(en.auth.email).inputValue()).resolves.toBe(account.email);
    await expect(page.getByLabel(en.auth.password).inputValue()).resolves.toBe(account.password);
    await expectNoAxeViolations(page);

    // A step after the one enrollment used (at once, unless this test ran slowly).
    const step = await waitForTotpStepAfter(enrollmentStep);
    const code = totpCode(secret, step * 30_000);
    await submitCode(page, en.auth.code, code);
    await page.waitForURL('**/en/my/cases');

    await page.goto('/en/account/security');
    await expect(page.getByTestId('two-factor-status').textContent()).resolves.toMatch(/^Two-factor sign-in is on/);
    await expectNoAxeViolations(page);
    await signOut(page);

    // The same code again, still within its 30-second window: refused.
    await fillCredentials(page, account);
    await codeField.waitFor();
    await submitCode(page, en.auth.code, code);
    await expectCodeRefused(page, en.auth.code);

    // A recovery code instead: once.
    await page.getByRole('button', { name: en.auth.useRecoveryCode }).click();
    const recoveryField = page.getByLabel(en.auth.recoveryCode);
    await expect(recoveryField.getAttribute('inputmode')).resolves.toBe('text');
    await submitCode(page, en.auth.recoveryCode, recoveryCodes[0]!);
    await page.waitForURL('**/en/my/cases');
    await page.goto('/en/account/security');
    await page.getByText('9 recovery codes left.').waitFor();
    await signOut(page);

    await fillCredentials(page, account);
    await codeField.waitFor();
    await page.getByRole('button', { name: en.auth.useRecoveryCode }).click();
    await submitCode(page, en.auth.recoveryCode, recoveryCodes[0]!);
    await expectCodeRefused(page, en.auth.recoveryCode);
    await context.close();
  }, 150_000);
});

describe('staff', () => {
  it('see two-factor on, cannot turn it off, and the page is axe-clean', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await signIn(page, 'en', demoAccounts().find((a) => a.role === 'reviewer')!);
    await page.goto('/en/account/security');
    await expect(page.getByTestId('two-factor-status').textContent()).resolves.toMatch(/^Two-factor sign-in is on/);
    await page.getByText(security.staffKeepOn).waitFor();
    await expect(page.getByRole('button', { name: security.turnOff }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: security.regenerate }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('the demo sign-in page', () => {
  it("shows each staff account's current code, never its secret", async () => {
    const accounts = demoAccounts();
    const staff = accounts.filter((a) => a.totpSecret);
    expect(staff.length).toBeGreaterThanOrEqual(4);
    const html = await (await fetch(`${baseUrl}/en/sign-in`)).text();
    for (const account of staff) expect(html).not.toContain(account.totpSecret);

    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await page.goto('/en/sign-in');
    const before = totpStepNow();
    const rows = page.getByTestId('demo-accounts').getByRole('row');
    for (const account of accounts) {
      const code = (await rows.filter({ hasText: account.email }).getByTestId('demo-code').textContent())!.trim();
      if (account.totpSecret) {
        // The code of the step the page was rendered in (or the one just before, at a step boundary).
        expect([totpCode(account.totpSecret, before * 30_000), totpCode(account.totpSecret, (before - 1) * 30_000)]).toContain(code);
      } else {
        expect(code).toBe(en.common.none);
      }
    }
    await page.getByText(en.auth.demoCodesNote).waitFor();
    await expect(page.getByRole('link', { name: en.auth.demoCodesReload }).getAttribute('href')).resolves.toBe('/en/sign-in');
    await context.close();
  });
});
