import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ru from '@/messages/ru.json';
import { expectNoAxeViolations, launchBrowser, newContext, phone, signIn } from './support/browser';
import { waitForMail } from './support/mailbox';

let browser: Browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-e2e-privacy-'));
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const m = ru;
const NAME = 'Гүлнар Ермекова';
const PASSWORD = 'длинный пароль для проверки';
const scan = Buffer.concat([Buffer.from('%PDF-1.4\n% приговор\n1 0 obj << /Type /Catalog >> endobj\n'), crypto.randomBytes(2_000), Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n')]);

/** A new applicant, signed up and confirmed through the demo mailbox, then signed in. */
async function newApplicant(page: Page): Promise<string> {
  const email = `privacy-${Date.now()}-${crypto.randomInt(1e6)}@example.kz`;
  await page.goto('/ru/sign-up');
  await page.getByLabel(m.auth.name).fill(NAME);
  await page.getByLabel(m.auth.email).fill(email);
  await page.getByLabel(m.auth.password).fill(PASSWORD);
  await page.getByRole('button', { name: m.auth.submitSignUp }).click();
  await page.getByText(m.auth.checkEmailTitle).waitFor();
  await (await waitForMail(page, 'ru', email)).getByRole('link').click();
  await page.getByTestId('mail-body').locator('a[href*="verify-email"]').click();
  await page.getByText(m.auth.verifySuccess).waitFor();
  await signIn(page, 'ru', { email, password: PASSWORD });
  return email;
}

/** A draft with one uploaded document: the first step of the wizard, then the documents step. */
async function draftWithDocument(page: Page): Promise<string> {
  await page.goto('/ru/my/cases');
  await page.getByRole('link', { name: m.intake.newCase }).first().click();
  await page.waitForURL('**/my/cases/new?case=*&step=who');
  const caseId = new URL(page.url()).searchParams.get('case')!;
  await page.getByLabel(m.intake.who.contactPhone).fill('+7 701 555 12 34');
  await page.getByRole('button', { name: m.intake.next }).click();
  await page.waitForURL('**&step=case');
  await page.goto(`/ru/my/cases/new?case=${caseId}&step=documents`);
  await page.getByLabel(m.documents.chooseFiles).setInputFiles([{ name: 'prigovor.pdf', mimeType: 'application/pdf', buffer: scan }]);
  await page.getByLabel(m.documents.kind).first().selectOption('judgment');
  await page.getByRole('button', { name: m.documents.upload, exact: true }).click();
  await expect.poll(() => page.getByRole('link', { name: /^prigovor\.pdf/ }).count(), { timeout: 20_000 }).toBe(1);
  return caseId;
}

describe('privacy rights', () => {
  it('downloads the data as a ZIP with the document’s exact bytes, then deletes the account, which can no longer sign in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const email = await newApplicant(page);
    const caseId = await draftWithDocument(page);

    await page.getByTestId('account').getByRole('link', { name: m.nav.privacy }).click();
    await page.waitForURL('**/ru/account/privacy');
    await expect(page.locator('h1').textContent()).resolves.toBe(m.privacy.title);
    await expectNoAxeViolations(page);

    // The download: a real ZIP, data.json naming this account, the document byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
    expect(download.suggestedFilename()).toMatch(/^redress-my-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = path.join(tmp, 'export.zip');
    await download.saveAs(zip);
    const bytes = fs.readFileSync(zip);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toContain('No errors detected');
    const entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    expect(entries).toEqual(['data.json', `documents/draft-${caseId.slice(0, 8)}/01-prigovor.pdf`]);
    const data = JSON.parse(execFileSync('unzip', ['-p', zip, 'data.json'], { encoding: 'utf8' })) as { account: { email: string; name: string }; cases: { id: string; contactPhone: string }[] };
    expect(data.account).toMatchObject({ email, name: NAME });
    expect(data.cases).toEqual([expect.objectContaining({ id: caseId, contactPhone: '+7 701 555 12 34' })]);
    expect(execFileSync('unzip', ['-p', zip, entries[1]!]).equals(scan)).toBe(true);

    // The rule is on the page before anything is confirmed, with this applicant's draft among the erased.
    const rule = page.getByTestId('deletion-rule');
    await expect(rule.textContent()).resolves.toContain(m.privacy.delete.ruleKept);
    await expect(page.getByTestId('cases-erased').textContent()).resolves.toContain(m.myCases.draftReference);

    // A wrong address: the error sits beside the field, and what was typed stays.
    const confirmation = page.getByLabel(m.privacy.delete.confirmationLabel.replace('{email}', email));
    await confirmation.fill('someone-else@example.kz');
    await page.getByLabel(m.privacy.delete.passwordLabel).fill(PASSWORD);
    await page.getByRole('button', { name: m.privacy.delete.submit }).click();
    await expect.poll(() => confirmation.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await confirmation.getAttribute('aria-describedby'))!.split(' ')[0]!;
    await expect(page.locator(`[id="${errorId}"]`).textContent()).resolves.toBe(m.validation.confirmationMismatch);
    await expect(confirmation.inputValue()).resolves.toBe('someone-else@example.kz');
    await expectNoAxeViolations(page);

    await confirmation.fill(email);
    await page.getByRole('button', { name: m.privacy.delete.submit }).click();
    await page.waitForURL('**/ru/account/privacy/deleted');
    await expect(page.locator('h1').textContent()).resolves.toBe(m.privacy.deleted.title);
    await expect(page.getByTestId('account').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    // Signing in again is impossible.
    await page.goto('/ru/sign-in');
    await page.getByLabel(m.auth.email).fill(email);
    await page.getByLabel(m.auth.password).fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.getByText(m.auth.invalidCredentials).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ru/sign-in');
    await context.close();
  }, 180_000);

  it('reads well on a phone and is axe-clean there', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await newApplicant(page);
    await page.goto('/ru/account/privacy');
    await expect(page.locator('h1').textContent()).resolves.toBe(m.privacy.title);
    await expect(page.getByTestId('cases-erased').count()).resolves.toBe(0);
    await expect(page.getByText(m.privacy.delete.noCases).count()).resolves.toBe(1);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('sends a visitor to sign in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/ru/account/privacy');
    await page.waitForURL('**/ru/sign-in?next=%2Faccount%2Fprivacy');
    const response = await page.request.get('/api/account/export');
    expect(response.status()).toBe(401);
    await context.close();
  });
});
