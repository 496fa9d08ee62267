import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundList } from '@/lib/reference/data';
import m from '@/messages/ru.json';
import { demoAccount, launchBrowser, newContext, signIn, type DemoAccount } from '../../e2e/support/browser';
import { waitForMail } from '../../e2e/support/mailbox';

/*
 * Stored cross-site scripting, against the real app (`next start`): markup typed into every field
 * that is shown back — an applicant's name, the case's facts and narrative, messages both ways,
 * internal notes, a petition's title, text and addressee, a signer's name — reaches every page
 * that shows it as text (`&lt;script&gt;`), never as a tag, and no dialog ever opens. The raw
 * HTML the server sends is checked, not the DOM a browser repaired. Also next-auth's own route
 * handlers (app/api/auth/[...nextauth]) as every caller, which the authorization matrix cannot
 * call outside a real request.
 */

const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
/** Words no catalog holds, to find this run's note and reply in a page. */
const NOTE = `служебная-пометка-${run}`;
const REPLY = `ответ-юриста-${run}`;

let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every dialog any page opened: an executed alert(1) would land here. */
const dialogs: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  expect(dialogs).toEqual([]);
  await browser?.close();
});

async function open(): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  context.on('page', (p) => p.on('dialog', (d) => dialogs.push(`${d.type()}: ${d.message()}`)));
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()} at ${page.url()}`);
    void d.dismiss();
  });
  return page;
}

async function signedIn(account: DemoAccount | { email: string; password: string }): Promise<Page> {
  const page = await open();
  await signIn(page, 'ru', account);
  return page;
}

/** The HTML the server sends for `path` to this page's user, with the page also opened in the browser. */
async function served(page: Page, path: string): Promise<string> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  await page.goto(path);
  return response.text();
}

/** The markup is shown as text at least once, and never present as a tag, a handler or a script link. */
function expectShownAsText(html: string, where: string, options: { shown?: boolean } = {}): void {
  expect(html, `${where}: a raw <script> tag`).not.toContain(XSS);
  expect(html, `${where}: a raw <img onerror>`).not.toMatch(/<img[^>]*onerror/i);
  expect(html, `${where}: a javascript: link`).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
  if (options.shown ?? true) expect(html, `${where}: the markup shown as text`).toContain(ESCAPED);
}

const pdf = Buffer.from('%PDF-1.4\n% judgment\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function next(page: Page, step: string): Promise<void> {
  await page.getByRole('button', { name: m.intake.next }).click();
  await page.waitForURL(`**&step=${step}`);
}

describe('markup typed by applicants and staff is shown as text wherever it appears', () => {
  let applicant: { email: string; password: string };
  let caseUrl: string;
  let reference: string;

  it('an applicant whose name, case and message carry markup', async () => {
    const page = await open();
    applicant = { email: `xss-${run}@example.kz`, password: 'длинный пароль для теста' };
    await page.goto('/ru/sign-up');
    await page.getByLabel(m.auth.name).fill(`${XSS} Асель`);
    await page.getByLabel(m.auth.email).fill(applicant.email);
    await page.getByLabel(m.auth.password).fill(applicant.password);
    await page.getByRole('button', { name: m.auth.submitSignUp }).click();
    await page.getByText(m.auth.checkEmailTitle).waitFor();
    await (await waitForMail(page, 'ru', applicant.email)).getByRole('link').click();
    await page.getByTestId('mail-body').locator('a[href*="verify-email"]').click();
    await page.getByText(m.auth.verifySuccess).waitFor();
    await signIn(page, 'ru', applicant);

    // A case whose every free-text field carries markup.
    await page.goto('/ru/my/cases');
    await page.getByRole('link', { name: m.intake.newCase }).first().click();
    await page.waitForURL('**/my/cases/new?case=*&step=who');
    await page.getByLabel(m.intake.who.contactPhone).fill('+7 701 555 12 34');
    await next(page, 'case');
    await page.getByLabel(m.intake.case.kind).selectOption('criminal');
    await page.getByLabel(m.intake.case.region).selectOption('pavlodar');
    await page.getByLabel(m.intake.case.courtName).fill(`${XSS} суд`);
    await page.getByLabel(m.intake.case.caseNumber).fill(`${XSS}-1/233`);
    await page.getByLabel(m.intake.case.judgmentDate).fill('2021-06-14');
    await page.getByLabel(m.intake.case.judgeName).fill(`${IMG} Судья`);
    await page.getByLabel(m.intake.case.article.replace('{number}', '1')).fill(`${XSS} 190`);
    await page.getByLabel(m.intake.case.sentenceYears).fill('7');
    await page.getByLabel(m.intake.case.currentSituation).selectOption('in_custody');
    await next(page, 'appeals');
    await page.getByLabel(m.intake.appeals.appellateCourt).fill(`${XSS} областной суд`);
    await page.getByLabel(m.intake.appeals.appellateOutcome).selectOption('upheld');
    await page.getByLabel(m.intake.appeals.yes, { exact: true }).check();
    await page.getByLabel(m.intake.appeals.cassationOutcome).selectOption('upheld');
    await next(page, 'grounds');
    await page.getByLabel(groundList.find((g) => g.code === 'coercion_torture')!.names.ru).check();
    await page.getByLabel(m.intake.grounds.narrative).fill(`${XSS} ${IMG} [ссылка](javascript:alert(1)) ${'Меня заставили подписать признание, адвоката не допустили. '.repeat(5)}`);
    await page.getByLabel(m.intake.grounds.requestedRemedy).fill(`${XSS} пересмотреть приговор`);
    await next(page, 'documents');
    // A file name with markup (no slash: a path would be cut at it).
    await page.getByLabel(m.documents.chooseFiles).setInputFiles([{ name: `${IMG}.pdf`, mimeType: 'application/pdf', buffer: pdf }]);
    await page.getByLabel(m.documents.kind).first().selectOption('judgment');
    await page.getByRole('button', { name: m.documents.upload, exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: /alert\(1\)/ }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('link', { name: m.intake.next }).click();
    await page.waitForURL('**&step=consents');
    await page.getByLabel(m.intake.consents.share).check();
    await next(page, 'review');
    expectShownAsText(await page.content(), 'the wizard’s review step (DOM)');
    await page.getByRole('button', { name: m.intake.review.submit }).click();
    await page.waitForURL('**/my/cases/*?submitted=1');
    caseUrl = new URL(page.url()).pathname;
    reference = (await page.locator('h1').textContent())!;

    await page.getByLabel(m.caseView.messageLabel).fill(`${XSS} ${IMG} вопрос юристу`);
    await page.getByRole('button', { name: m.caseView.send }).click();
    await expect.poll(() => page.getByText('вопрос юристу').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expectShownAsText(await served(page, caseUrl), 'the applicant’s case page');
  });

  it('a reviewer reads it all as text, and writes a note and a message with markup', async () => {
    const page = await signedIn(demoAccount('reviewer'));
    const workspace = caseUrl.replace('/ru/my/cases/', '/ru/review/cases/');
    expectShownAsText(await served(page, `/ru/review?status=all&q=${encodeURIComponent(reference)}`), 'the review queue');
    expectShownAsText(await served(page, workspace), 'the case workspace');
    await page.getByLabel(m.review.noteLabel).fill(`${XSS} ${NOTE}`);
    await page.getByRole('button', { name: m.review.addNote }).click();
    await expect.poll(() => page.getByText(NOTE).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByLabel(m.review.messageLabel).fill(`${IMG} ${XSS} ${REPLY}`);
    await page.getByRole('button', { name: m.review.sendMessage }).click();
    await expect.poll(() => page.getByText(REPLY).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const html = await served(page, workspace);
    expectShownAsText(html, 'the workspace with the note and message');
    expect(html).toContain(NOTE);
    expect(html).toContain(REPLY);
  });

  it('the applicant sees the staff message as text, and never the internal note', async () => {
    const page = await signedIn(applicant);
    const html = await served(page, caseUrl);
    expectShownAsText(html, 'the applicant’s case page with the reply');
    expect(html).toContain(REPLY);
    expect(html).not.toContain(NOTE);
  });

  it('an admin sees the name as text in the users list and the audit log', async () => {
    const page = await signedIn(demoAccount('admin'));
    expectShownAsText(await served(page, `/ru/admin/users?q=${encodeURIComponent(applicant.email)}`), 'the users list');
    expectShownAsText(await served(page, `/ru/admin/audit?actor=${encodeURIComponent(applicant.email)}`), 'the audit log');
  });
});

describe('a petition with markup in its texts, and a signer with markup in their name', () => {
  const slug = `xss-${run}`;
  const title = `${XSS} Комиссия`;
  const body = `${XSS}\n\n${IMG}\n\n[нажмите](javascript:alert(1)) и <a href="javascript:alert(1)">сюда</a>\n\n${'Просим создать специальную комиссию для пересмотра спорных решений. '.repeat(2)}`;

  it('is written and opened by an organizer, and shown as text (the Markdown without its HTML)', async () => {
    const page = await signedIn(demoAccount('organizer'));
    await page.goto('/ru/organize/petitions/new');
    const f = m.petitions.form;
    await page.getByLabel(f.slug).fill(slug);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const group = page.getByRole('group', { name: f.languages[lang] });
      await group.getByLabel(f.title).fill(title);
      await group.getByLabel(f.body).fill(body);
    }
    await page.getByLabel(f.addressee).fill(`${XSS} Президенту`);
    await page.getByLabel(f.signatureGoal).fill('100');
    await page.getByRole('button', { name: f.create }).click();
    await page.waitForURL(/\/ru\/organize\/petitions\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const detail = new URL(page.url()).pathname;
    const openForm = page.getByTestId('open-form');
    await openForm.getByLabel(m.petitions.detail.openConfirm).check();
    await openForm.getByRole('button', { name: m.petitions.detail.openSubmit }).click();
    await expect.poll(() => page.getByTestId('petition-status').textContent(), { timeout: 30_000 }).toBe(m.petitions.statusOpen);
    expectShownAsText(await served(page, detail), 'the organizer’s petition page');

    const visitor = await open();
    expectShownAsText(await served(visitor, '/ru/petitions'), 'the public petitions list');
    const html = await served(visitor, `/ru/petitions/${slug}`);
    expectShownAsText(html, 'the public petition page');
    // The text's own links with a script target keep their words and lose the link.
    expect(html).toContain('нажмите');
    expect(html).toContain('сюда');
  });

  it('shows a signer’s name with markup as text once they confirm', async () => {
    const visitor = await open();
    const email = `signer-${run}@example.kz`;
    const signed = await visitor.request.post(`/api/petitions/${slug}/signatures?locale=ru`, { data: { name: `${XSS}Ерлан Жақсыбеков`, email, regionCode: 'astana', isPublic: true } });
    expect(signed.status()).toBe(200);
    await (await waitForMail(visitor, 'ru', email)).getByRole('link').click();
    const href = (await visitor.getByTestId('mail-body').locator('a[href*="/confirm?token="]').getAttribute('href'))!;
    const token = new URL(href, 'http://x').searchParams.get('token');
    const confirmed = await visitor.request.post('/api/petitions/confirmations', { data: { token } });
    expect(confirmed.status()).toBe(200);
    // Signers are listed a few seconds later (counted in batches, cached briefly).
    await expect.poll(async () => (await (await visitor.request.get(`/ru/petitions/${slug}`)).text()).includes(`${ESCAPED}Ерлан`), { timeout: 30_000, interval: 1000 }).toBe(true);
    expectShownAsText(await served(visitor, `/ru/petitions/${slug}`), 'the public petition page with its signers');
  });
});

describe("next-auth's route handlers (app/api/auth/[...nextauth]) as every caller", () => {
  const sessionOf = async (request: APIRequestContext) => {
    const response = await request.get('/api/auth/session');
    expect(response.status()).toBe(200);
    return (await response.json()) as { user?: { email?: string }; uid?: string; role?: string };
  };

  it('answer a visitor: no session; a CSRF token and the providers for the sign-in form', async () => {
    const visitor = await open();
    expect(await sessionOf(visitor.request)).toEqual({});
    const csrf = await visitor.request.get('/api/auth/csrf');
    expect(csrf.status()).toBe(200);
    expect((await csrf.json()) as { csrfToken?: string }).toMatchObject({ csrfToken: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await visitor.request.get('/api/auth/providers')).status()).toBe(200);
  });

  it.each(['applicant', 'reviewer', 'organizer', 'admin'] as const)('answer a signed-in %s with their own session only', async (role) => {
    const account = demoAccount(role);
    const page = await signedIn(account);
    const session = await sessionOf(page.request);
    expect(session.user?.email).toBe(account.email);
    expect(session.role).toBe(role);
  });

  it('refuse a sign-in without the CSRF token, and one with a wrong password', async () => {
    const visitor = await open();
    const account = demoAccount('applicant');
    const noCsrf = await visitor.request.post('/api/auth/callback/credentials', { form: { email: account.email, password: account.password, json: 'true' }, maxRedirects: 0 });
    expect(noCsrf.status()).toBeLessThan(500);
    expect(await sessionOf(visitor.request)).toEqual({});
    const { csrfToken } = (await (await visitor.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const wrong = await visitor.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: account.email, password: 'not the password', json: 'true' }, maxRedirects: 0 });
    expect(wrong.status()).toBeLessThan(500);
    expect(await sessionOf(visitor.request)).toEqual({});
    // The right password through the same handler does sign in: the refusals above were about the request.
    const right = await visitor.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: account.email, password: account.password, json: 'true' }, maxRedirects: 0 });
    expect(right.status()).toBeLessThan(500);
    expect((await sessionOf(visitor.request)).user?.email).toBe(account.email);
  });
});
