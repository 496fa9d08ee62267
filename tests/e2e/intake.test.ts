import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';
import { groundList } from '@/lib/reference/data';
import { baseUrl, demoAccount, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn } from './support/browser';
import { waitForMail } from './support/mailbox';

type Catalog = typeof ru;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

/** A new applicant, signed up and confirmed through the mailbox, then signed in. */
async function newApplicant(page: Page, locale: 'ru' | 'kk', m: Catalog): Promise<{ email: string; password: string }> {
  const email = `intake-${locale}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.kz`;
  const password = 'длинный пароль для теста';
  await page.goto(`/${locale}/sign-up`);
  await page.getByLabel(m.auth.name).fill('Гүлнар Ермекова');
  await page.getByLabel(m.auth.email).fill(email);
  await page.getByLabel(m.auth.password).fill(password);
  await page.getByRole('button', { name: m.auth.submitSignUp }).click();
  await page.getByText(m.auth.checkEmailTitle).waitFor();
  await (await waitForMail(page, locale, email)).getByRole('link').click();
  await page.getByTestId('mail-body').locator('a[href*="verify-email"]').click();
  await page.getByText(m.auth.verifySuccess).waitFor();
  await signIn(page, locale, { email, password });
  return { email, password };
}

async function next(page: Page, m: Catalog, step: string) {
  await page.getByRole('button', { name: m.intake.next }).click();
  await page.waitForURL(`**&step=${step}`);
}

async function fillWhoCaseAppeals(page: Page, m: Catalog) {
  await page.getByRole('link', { name: m.intake.newCase }).first().click();
  await page.waitForURL('**/my/cases/new?case=*&step=who');
  await page.getByLabel(m.intake.who.contactPhone).fill('+7 701 555 12 34');
  // The connection drops while saving: a clear message, and nothing typed is lost.
  await page.route('**/my/cases/new**', (route) => (route.request().method() === 'POST' ? route.abort() : route.continue()));
  await page.getByRole('button', { name: m.intake.next }).click();
  await page.getByText(m.errors.network).waitFor();
  await expect(page.getByLabel(m.intake.who.contactPhone).inputValue()).resolves.toBe('+7 701 555 12 34');
  await page.unroute('**/my/cases/new**');
  await next(page, m, 'case');
  await page.getByLabel(m.intake.case.kind).selectOption('criminal');
  await page.getByLabel(m.intake.case.region).selectOption('pavlodar');
  await page.getByLabel(m.intake.case.courtName).fill('Павлодарский городской суд');
  await page.getByLabel(m.intake.case.caseNumber).fill('5510-21-00-1/233');
  await page.getByLabel(m.intake.case.judgmentDate).fill('2021-06-14');
  await page.getByLabel(m.intake.case.article.replace('{number}', '1')).fill('190 ч.4 УК РК');
  await page.getByLabel(m.intake.case.sentenceYears).fill('7');
  await page.getByLabel(m.intake.case.currentSituation).selectOption('in_custody');
  await next(page, m, 'appeals');
}

async function finishFromAppeals(page: Page, locale: 'ru' | 'kk', m: Catalog): Promise<string> {
  await page.getByLabel(m.intake.appeals.appellateCourt).fill('Павлодарский областной суд');
  await page.getByLabel(m.intake.appeals.appellateOutcome).selectOption('upheld');
  await page.getByLabel(m.intake.appeals.yes, { exact: true }).check();
  await page.getByLabel(m.intake.appeals.cassationOutcome).selectOption('upheld');
  await next(page, m, 'grounds');
  await page.getByLabel(groundList.find((g) => g.code === 'coercion_torture')!.names[locale]).check();
  await page.getByLabel(m.intake.grounds.narrative).fill('В изоляторе меня заставили подписать признание, адвоката не допустили. '.repeat(5));
  await page.getByLabel(m.intake.grounds.requestedRemedy).fill('Пересмотреть приговор');
  await next(page, m, 'documents');

  await page.getByLabel(m.documents.chooseFiles).setInputFiles([
    { name: 'prigovor.pdf', mimeType: 'application/pdf', buffer: pdf('judgment') },
    { name: 'apellyaciya.pdf', mimeType: 'application/pdf', buffer: pdf('appeal') },
    { name: 'foto.jpg', mimeType: 'image/jpeg', buffer: jpeg },
  ]);
  const kinds = page.getByLabel(m.documents.kind);
  await kinds.nth(0).selectOption('judgment');
  await kinds.nth(1).selectOption('appellate_ruling');
  await kinds.nth(2).selectOption('evidence');
  await page.getByRole('button', { name: m.documents.upload, exact: true }).click();
  await expect.poll(() => page.getByRole('link', { name: /^(prigovor\.pdf|apellyaciya\.pdf|foto\.jpg)/ }).count(), { timeout: 20_000 }).toBe(3);
  await page.getByRole('link', { name: m.intake.next }).click();
  await page.waitForURL('**&step=consents');
  await page.getByLabel(m.intake.consents.share).check();
  await next(page, m, 'review');
  await expect(page.getByTestId('missing-list').count()).resolves.toBe(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: m.intake.review.submit }).click();
  await page.waitForURL('**/my/cases/*?submitted=1');
  const heading = await page.locator('h1').textContent();
  expect(heading).toMatch(/^RD-\d{4}-\d{5}$/);
  await expect(page.getByText(m.caseView.submittedTitle).count()).resolves.toBe(1);
  await expectNoAxeViolations(page);
  return heading!;
}

async function flow(context: BrowserContext, locale: 'ru' | 'kk', m: Catalog) {
  const page = await context.newPage();
  const account = await newApplicant(page, locale, m);
  await fillWhoCaseAppeals(page, m);

  // Leave at step 3, sign in again: the wizard resumes there, with everything kept.
  await page.getByRole('button', { name: m.common.signOut }).click();
  await page.getByText(m.auth.signedOut).waitFor();
  await signIn(page, locale, account);
  await page.goto(`/${locale}/my/cases/new`);
  await page.waitForURL('**&step=appeals');
  await page.getByRole('link', { name: `2. ${m.intake.stepNames.case}` }).click();
  await page.waitForURL('**&step=case');
  await expect(page.getByLabel(m.intake.case.courtName).inputValue()).resolves.toBe('Павлодарский городской суд');
  await expect(page.getByLabel(m.intake.case.article.replace('{number}', '1')).inputValue()).resolves.toBe('190 ч.4 УК РК');
  await next(page, m, 'appeals');

  const reference = await finishFromAppeals(page, locale, m);
  const caseUrl = new URL(page.url()).pathname;

  // Write to the lawyers from the case page.
  await page.getByLabel(m.caseView.messageLabel).fill('Добавлю показания свидетеля позже.');
  await page.getByRole('button', { name: m.caseView.send }).click();
  await expect.poll(() => page.getByTestId('messages').textContent()).toContain('Добавлю показания свидетеля позже.');
  await expect(page.getByLabel(m.caseView.messageLabel).inputValue()).resolves.toBe('');

  await page.goto(`/${locale}/my/cases`);
  await expect(page.getByRole('link', { name: reference }).count()).resolves.toBe(1);
  await waitForMail(page, locale, account.email, { containing: reference });
  await expect(page.getByRole('row').filter({ hasText: account.email }).filter({ hasText: reference }).count()).resolves.toBe(1);

  // The filing receipt is a PDF for the applicant.
  await page.goto(caseUrl);
  const receiptHref = (await page.getByTestId('receipt-link').getAttribute('href'))!;
  const receipt = await page.request.get(receiptHref);
  expect(receipt.status()).toBe(200);
  expect(receipt.headers()['content-type']).toBe('application/pdf');
  expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Another applicant sees nothing of it: the case page, the document and the receipt are 404.
  const documentHref = await page.locator('a[href^="/api/documents/"]').first().getAttribute('href');
  const stranger = await newContext(browser);
  const strangerPage = await stranger.newPage();
  await signIn(strangerPage, locale, demoAccount('applicant'));
  expect((await strangerPage.goto(caseUrl))?.status()).toBe(404);
  expect((await strangerPage.goto(`${baseUrl}${documentHref}`))?.status()).toBe(404);
  expect((await strangerPage.request.get(`${baseUrl}${receiptHref}`)).status()).toBe(404);
  await stranger.close();

  // Withdrawing takes an explicit confirmation, then the status says so.
  await page.goto(caseUrl);
  await page.getByRole('button', { name: m.caseView.withdraw }).click();
  await page.getByRole('button', { name: m.caseView.withdrawSubmit }).click();
  await page.getByText(m.validation.confirmWithdraw).waitFor();
  await page.getByLabel(m.caseView.withdrawConfirm).check();
  await page.getByRole('button', { name: m.caseView.withdrawSubmit }).click();
  await page.getByText(m.statusHelp.withdrawn).waitFor();
}

describe('an applicant files a case', () => {
  it('in Russian on a desktop: three documents, leaving at step 3 and coming back, then submitting', async () => {
    const context = await newContext(browser, desktop);
    await flow(context, 'ru', ru);
    await context.close();
  });

  it('in Kazakh on a phone (390×844)', async () => {
    const context = await newContext(browser, phone);
    await flow(context, 'kk', kk as unknown as Catalog);
    await context.close();
  });
});
