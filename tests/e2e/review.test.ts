import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kk from '@/messages/kk.json';
import m from '@/messages/ru.json';
import { regionList } from '@/lib/reference/data';
import { rubricCriteria } from '@/lib/review/rubric';
import { demoAccount, demoAccounts, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn } from './support/browser';
import { openMailboxWhen } from './support/mailbox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

async function signedIn(account: { email: string; password: string }, options = desktop): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await signIn(page, 'ru', account);
  return page;
}

/** Opens the workspace of the applicant's case from the queue, found by the applicant's name. */
async function openFromQueue(page: Page, status: string, applicantName: string): Promise<void> {
  await page.goto(`/ru/review?status=${status}&q=${encodeURIComponent(applicantName)}`);
  const rows = page.getByTestId('queue-row');
  await expect(rows.count()).resolves.toBe(1);
  await rows.getByRole('link').click();
  await page.waitForURL('**/ru/review/cases/*');
}

/** The mailbox rows of `email`, once every one of `expected` is among them. */
async function mailSubjects(page: Page, email: string, expected: string[]): Promise<string> {
  const text = async () => (await page.getByRole('row').filter({ hasText: email }).allTextContents()).join('\n');
  await openMailboxWhen(page, 'ru', async () => {
    const rows = await text();
    return expected.every((subject) => rows.includes(subject));
  });
  return text();
}

describe('two volunteer lawyers triage a case, four eyes on the acceptance', () => {
  it('claim, score, ask for information, the answer with a document, recommend, confirm — and the applicant sees each step', async () => {
    const applicant = demoAccount('applicant');
    const [reviewerA, reviewerB] = demoAccounts().filter((a) => a.role === 'reviewer');
    const a = await signedIn(reviewerA!);

    // Reviewer A takes the applicant's submitted case, declaring no conflict of interest.
    await openFromQueue(a, 'submitted', applicant.name);
    const caseUrl = new URL(a.url()).pathname;
    const reference = (await a.locator('h1').textContent())!;
    expect(reference).toMatch(/^RD-\d{4}-\d{5}$/);
    await expectNoAxeViolations(a);
    // Every jump link at the top leads somewhere on the page.
    const targets = await a.getByRole('navigation', { name: m.review.sections }).getByRole('link').evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
    for (const target of targets) await expect(a.locator(target).count(), target).resolves.toBe(1);
    await a.getByRole('button', { name: m.review.claim }).click();
    await a.getByText(m.validation.declareNoConflict).waitFor(); // the declaration is required
    await a.getByLabel(m.review.noConflict).check();
    await a.getByRole('button', { name: m.review.claim }).click();
    await a.getByTestId('assignee').getByText(reviewerA!.name, { exact: false }).waitFor();

    // The rubric: submitting half-done puts the error beside the field; the score follows the choices.
    await a.getByRole('button', { name: m.review.submitAssessment }).click();
    await a.getByTestId('criterion-procedural_violations').getByText(m.validation.scoreRequired).waitFor();
    for (const c of rubricCriteria) {
      const box = a.getByTestId(`criterion-${c.key}`);
      await box.getByLabel(m.review.scoreLabels['2']).check();
      await box.getByLabel(fill(m.review.criterionComment, { name: m.review.criteria[c.key].name })).fill(`Оценка по критерию ${c.key}`);
    }
    await a.getByTestId('live-score').getByText('67', { exact: false }).waitFor();
    const cited = a.getByTestId('criterion-procedural_violations');
    await cited.getByLabel(m.review.citationDocument).selectOption({ index: 1 });
    await cited.getByLabel(m.review.citationPage).fill('2');
    await expect(cited.getByRole('link', { name: m.review.openCitation }).getAttribute('href')).resolves.toMatch(/doc=[0-9a-f-]{36}&page=2#viewer$/);
    await a.getByLabel(m.review.assessmentRationale).fill('Признание получено без адвоката, апелляция доводы не рассмотрела.');
    await a.getByRole('button', { name: m.review.submitAssessment }).click();
    await a.getByTestId('submitted-assessments').getByText(m.review.criteria.procedural_violations.name, { exact: false }).waitFor();
    // The citation opens the document at that page in the workspace's viewer.
    await a.getByTestId('submitted-assessments').getByRole('link', { name: fill(m.review.citedPage, { page: '2' }) }).click();
    await a.getByTestId('document-viewer').locator('iframe[src$="#page=2"]').waitFor();

    // Ask the applicant for the cassation ruling.
    await a.getByTestId('decision-request-info').locator('summary').click();
    await a.getByLabel(m.review.requestItems.cassation_ruling).check();
    await a.getByTestId('decision-request-info').getByLabel(m.review.requestMessage).fill('Пришлите, пожалуйста, постановление кассационной инстанции.');
    await a.getByRole('button', { name: m.review.requestSubmit }).click();
    await a.getByText(m.review.waitingForApplicant).waitFor();

    // The applicant sees the request, adds the document and answers.
    const p = await signedIn(applicant);
    await p.goto(caseUrl.replace('/ru/review/cases/', '/ru/my/cases/'));
    await p.getByTestId('requested-items').getByText(m.review.requestItems.cassation_ruling).waitFor();
    await p.getByLabel(m.documents.chooseFiles).setInputFiles([{ name: 'kassaciya.pdf', mimeType: 'application/pdf', buffer: pdf('cassation') }]);
    await p.getByLabel(m.documents.kind).last().selectOption('cassation_ruling');
    await p.getByRole('button', { name: m.documents.upload, exact: true }).click();
    await expect.poll(() => p.getByRole('link', { name: /^kassaciya\.pdf/ }).count(), { timeout: 20_000 }).toBe(1);
    await p.getByLabel(m.caseView.answerLabel).fill('Постановление кассации загрузил.');
    await p.getByRole('button', { name: m.caseView.send }).click();
    await p.getByText(m.statusHelp.in_review).waitFor();

    // Back with reviewer A: on top of their list, marked as a new reply; A recommends.
    await a.goto('/ru/review?assignee=me');
    await expect(a.getByTestId('queue-row').first().textContent()).resolves.toContain(reference);
    await expect(a.getByTestId('queue-row').first().textContent()).resolves.toContain(m.queue.newReply);
    await a.goto(caseUrl);
    await a.getByRole('link', { name: `${m.review.downloadShort} kassaciya.pdf` }).waitFor();
    await a.getByTestId('decision-recommend').locator('summary').click();
    await a.getByLabel(m.review.recommendRationale).fill('Нарушено право на защиту; есть основания для протеста.');
    await a.getByRole('button', { name: m.review.recommendSubmit }).click();
    await a.getByText(m.review.cannotConfirmOwn).first().waitFor(); // never their own confirmation

    // Reviewer B confirms.
    const b = await signedIn(reviewerB!);
    await openFromQueue(b, 'recommended', applicant.name);
    await expectNoAxeViolations(b);
    await b.getByTestId('decision-confirm').locator('summary').click();
    await b.getByLabel(m.review.noConflict).check();
    await b.getByRole('button', { name: m.review.confirmSubmit }).click();
    await b.getByText(m.statusHelp.accepted).waitFor();

    // The applicant's timeline and mailbox show every step.
    await p.reload();
    const timeline = (await p.getByTestId('timeline').textContent())!;
    for (const status of ['in_review', 'needs_info', 'recommended', 'accepted'] as const) {
      expect(timeline).toContain(fill(m.caseView.event.status_changed, { status: m.status[status] }));
    }
    // Mail goes out in the language the applicant chose for contact: this demo case asked for Kazakh.
    const expected = [fill(kk.mail.infoRequested.subject, { reference }), ...(['in_review', 'recommended', 'accepted'] as const).map((status) => fill(kk.mail.status.subject, { reference, status: kk.status[status] }))];
    const mails = await mailSubjects(p, applicant.email, expected);
    expect(mails).toContain(fill(kk.mail.infoRequested.subject, { reference }));
    for (const status of ['in_review', 'recommended', 'accepted'] as const) {
      expect(mails).toContain(fill(kk.mail.status.subject, { reference, status: kk.status[status] }));
    }
    for (const page of [a, b, p]) await page.context().close();
  }, 240_000);

  it.each([
    ['a desktop', desktop],
    ['a phone', phone],
  ] as const)('the queue filtered by region and sorted by score, on %s', async (_, device) => {
    const page = await signedIn(demoAccount('reviewer'), device);
    const region = regionList.find((r) => r.code === 'almaty_city') ?? regionList[0]!;
    await page.goto('/ru/review');
    await page.getByLabel(m.queue.statusFilter, { exact: true }).selectOption('all');
    await page.getByLabel(m.queue.region).selectOption(region.code);
    await page.getByLabel(m.queue.sort).selectOption('score');
    await page.getByRole('button', { name: m.queue.apply }).click();
    await page.waitForURL((url) => url.searchParams.get('region') === region.code && url.searchParams.get('sort') === 'score');
    const rows = page.getByTestId('queue-row');
    await expect(rows.count()).resolves.toBeGreaterThan(0);
    const texts = await rows.allTextContents();
    expect(texts.every((text) => text.includes(region.names.ru))).toBe(true);
    // Scores descending, unscored last: the score cell is the third column.
    const scores = await rows.locator('td:nth-of-type(2)').allTextContents();
    const numbers = scores.map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : -1));
    expect(numbers).toEqual([...numbers].sort((x, y) => y - x));
    // The filter is in the URL: the back button returns to the previous one.
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('region'));
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('an applicant reaching the queue or a workspace gets the 403 page', async () => {
    const page = await signedIn(demoAccount('applicant'));
    expect((await page.goto('/ru/review'))?.status()).toBe(403);
    expect((await page.goto('/ru/review/cases/00000000-0000-4000-8000-000000000000'))?.status()).toBe(403);
    await page.context().close();
    // Both attempts are in the audit log, under the applicant's name.
    const admin = await signedIn(demoAccount('admin'));
    await admin.goto('/ru/admin/audit');
    const denied = admin.getByRole('row').filter({ hasText: 'access.denied' }).filter({ hasText: demoAccount('applicant').email });
    await expect(denied.count()).resolves.toBeGreaterThanOrEqual(2);
    await admin.context().close();
  });
});
