import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import m from '@/messages/ru.json';
import { demoAccount, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** The reference of one of the demo applicant's accepted cases, read from their own "My cases". */
async function applicantsAcceptedCase(): Promise<string> {
  const context = await newContext(browser, desktop);
  const page = await context.newPage();
  await signIn(page, 'ru', demoAccount('applicant'));
  await page.goto('/ru/my/cases');
  const card = page.getByTestId('my-case').filter({ hasText: m.status.accepted }).first();
  const reference = (await card.getByRole('link').first().textContent())!.trim();
  await context.close();
  return reference;
}

/** Clicks a download link and returns the saved file's bytes. */
async function download(page: Page, link: ReturnType<Page['getByRole']>): Promise<{ bytes: Buffer; path: string; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = (await file.path())!;
  return { bytes: fs.readFileSync(path), path, name: file.suggestedFilename() };
}

const scan = (label: string) => ({ name: `${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`) });

describe('an organizer builds a bundle for the prosecutor', () => {
  it('creates it, adds three accepted cases, reorders, writes the cover letter, previews, finalizes, exports, submits and records the answer', async () => {
    const applicantsCase = await applicantsAcceptedCase();
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await signIn(page, 'ru', demoAccount('organizer'));
    await page.goto('/ru/organize/bundles');

    // A bundle for a regional prosecutor needs the region: the error is beside the field.
    await page.getByLabel(m.bundles.bundleTitle).fill('Дела о пытках в изоляторах');
    await page.getByLabel(m.bundles.addressee).selectOption('regional_prosecutor');
    await page.getByRole('button', { name: m.bundles.create }).click();
    await page.getByText(m.validation.chooseRegion).waitFor();
    await page.getByLabel(m.bundles.addressee).selectOption('prosecutor_general');
    await page.getByRole('button', { name: m.bundles.create }).click();
    await page.waitForURL('**/ru/organize/bundles/*');
    await page.getByTestId('gaps').getByText(m.bundles.gaps.noCases).waitFor();
    await expectNoAxeViolations(page);

    // Three accepted cases, each with a summary prefilled from the case.
    // The demo applicant's accepted case first, so they can check the outcome on their page.
    const added: string[] = [];
    for (let i = 0; i < 3; i++) {
      const rows = page.getByTestId('candidate-row');
      const first = i === 0 ? rows.filter({ hasText: applicantsCase }).first() : rows.last();
      const reference = (await first.getByRole('link').first().textContent())!;
      await first.getByRole('button', { name: fill(m.bundles.add, { reference }) }).click();
      await expect.poll(() => page.getByTestId('bundle-case').count(), { timeout: 20_000 }).toBe(i + 1);
      added.push(reference);
    }
    const order = () => page.getByTestId('bundle-case').locator('p.text-lg').allTextContents();
    expect((await order()).map((text) => text.match(/RD-\d{4}-\d{5}/)![0])).toEqual(added);
    await expect(page.getByLabel(fill(m.bundles.summaryLabel, { reference: added[0]! })).inputValue()).resolves.toMatch(/^[\s\S]{20,}$/);

    // Reordering works from the keyboard: focus "down" on the first case and press Enter.
    await page.getByRole('button', { name: fill(m.bundles.moveDown, { reference: added[0]! }) }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await order())[0], { timeout: 20_000 }).toContain(added[1]!);

    // The cover letter from the template, then saved; the preview shows it with every case.
    await page.getByRole('button', { name: m.bundles.fromTemplate }).click();
    await expect(page.getByLabel(m.bundles.coverLetterLabel).inputValue()).resolves.toContain('3');
    await page.getByRole('button', { name: m.bundles.saveCoverLetter }).click();
    await expect.poll(() => page.getByTestId('gaps').count(), { timeout: 20_000 }).toBe(0);
    await page.getByRole('link', { name: m.bundles.preview }).click();
    const petition = page.getByTestId('petition');
    await petition.waitFor();
    for (const reference of added) await petition.getByText(reference, { exact: false }).first().waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: m.bundles.back }).click();

    // Finalizing needs the confirmation, then freezes the bundle with its manifest checksum.
    await page.getByRole('button', { name: m.bundles.finalizeSubmit }).click();
    await page.getByText(m.validation.confirmFinalize).waitFor();
    await page.getByLabel(m.bundles.finalizeConfirm).check();
    await page.getByRole('button', { name: m.bundles.finalizeSubmit }).click();
    await page.getByTestId('manifest-hash').waitFor();
    await expect(page.getByTestId('manifest-hash').textContent()).resolves.toMatch(/[0-9a-f]{64}/);
    await expect(page.getByTestId('bundle-status').textContent()).resolves.toBe(m.bundles.statuses.finalized);
    // Nothing can be edited any more: no forms, no move buttons.
    await expect(page.getByRole('button', { name: m.bundles.saveCoverLetter }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: fill(m.bundles.moveDown, { reference: added[0]! }) }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    // Exports: the petition PDF and the ZIP download, and each is recorded with its checksum.
    const bundleUrl = page.url().replace(/#.*$/, '');
    const exportLinks = page.getByTestId('export-links').getByRole('link');
    const pdf = await download(page, exportLinks.filter({ hasText: m.bundles.export.pdf }));
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [pdf.path, '-'], { encoding: 'utf8' });
    for (const reference of added) expect(text).toContain(reference);
    const zip = await download(page, exportLinks.nth(2));
    expect(zip.name).toMatch(/\.zip$/);
    // The page followed the download and shows it complete.
    await page.getByTestId('zip-progress').getByText(m.bundles.export.zipDone.split('{')[0]!).waitFor();
    expect(execFileSync('unzip', ['-t', zip.path], { encoding: 'utf8' })).toContain('No errors detected');
    const entries = execFileSync('unzip', ['-Z1', zip.path], { encoding: 'utf8' });
    for (const reference of added) expect(entries).toContain(`cases/${reference}/judgment-1.pdf`);
    await page.goto(bundleUrl);
    await expect.poll(() => page.getByTestId('export-row').count(), { timeout: 20_000 }).toBe(2);

    // The cases are now "in a request being prepared" for the reviewers too.
    await page.goto(`/ru/review?status=bundled&q=${encodeURIComponent(added[2]!)}`);
    await expect(page.getByTestId('queue-row').count()).resolves.toBe(1);

    // Submission: the registry number is required (the error is beside it, the uploaded scan stays).
    await page.goto(bundleUrl);
    const submitForm = page.getByTestId('submit-form');
    await submitForm.getByLabel(m.bundles.submission.stampedCover).setInputFiles(scan('stamped-cover'));
    await submitForm.getByText(fill(m.bundles.submission.uploaded, { name: 'stamped-cover.pdf', size: '' }).replace(/ \(\)$/, '')).waitFor();
    await submitForm.getByRole('button', { name: m.bundles.submission.submit }).click();
    await submitForm.getByText(m.validation.required).waitFor();
    await submitForm.getByLabel(m.bundles.submission.registryNumber).fill('ЖТ-2026-0412');
    await submitForm.getByRole('button', { name: m.bundles.submission.submit }).click();
    await page.getByTestId('submitted').getByText('ЖТ-2026-0412').waitFor();
    await expect(page.getByTestId('bundle-status').textContent()).resolves.toBe(m.bundles.statuses.submitted);
    await expectNoAxeViolations(page);

    // The answer: one protest brought, two refused.
    const answerForm = page.getByTestId('answer-form');
    await answerForm.getByLabel(m.bundles.submission.reply).setInputFiles(scan('reply'));
    await answerForm.getByText(fill(m.bundles.submission.uploaded, { name: 'reply.pdf', size: '' }).replace(/ \(\)$/, '')).waitFor();
    const note = 'Генеральная прокуратура принесла протест; дело будет пересмотрено.';
    for (const [i, reference] of added.entries()) {
      const group = answerForm.getByRole('group', { name: fill(m.bundles.submission.outcomeOf, { reference }) });
      await group.getByLabel(i === 0 ? m.bundles.outcomes.protest_brought : m.bundles.outcomes.protest_refused).check();
    }
    await answerForm.getByLabel(fill(m.bundles.submission.noteOf, { reference: added[0]! })).fill(note);
    await answerForm.getByRole('button', { name: m.bundles.submission.record }).click();
    await page.getByTestId('answered').waitFor();
    // Listed in the bundle's order (the first two were swapped above).
    await expect(page.getByTestId('outcome-row').allTextContents()).resolves.toEqual([
      `${added[1]}: ${m.bundles.outcomes.protest_refused}`,
      `${added[0]}: ${m.bundles.outcomes.protest_brought}${note}`,
      `${added[2]}: ${m.bundles.outcomes.protest_refused}`,
    ]);
    await context.close();

    // The applicant sees the outcome and the organizers' note on their case page.
    const applicantContext = await newContext(browser, phone);
    const mine = await applicantContext.newPage();
    await signIn(mine, 'ru', demoAccount('applicant'));
    await mine.goto('/ru/my/cases');
    await mine.getByTestId('my-case').getByRole('link', { name: applicantsCase }).click();
    await mine.getByTestId('outcome-note').getByText(note).waitFor();
    await mine.getByText(m.status.protest_brought).first().waitFor();
    await applicantContext.close();
  }, 240_000);

  it('a reviewer is refused the exports and the uploads of a bundle, and each refusal is audited', async () => {
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    const reviewer = demoAccount('reviewer');
    await signIn(page, 'ru', reviewer);
    const id = '00000000-0000-4000-8000-000000000000';
    for (const format of ['pdf', 'docx', 'zip', 'csv']) expect((await page.request.get(`/api/bundles/${id}/exports/${format}`)).status(), format).toBe(403);
    const upload = await page.request.post(`/api/bundles/${id}/attachments?purpose=stamped_cover`, { multipart: { file: scan('stamp') } });
    expect(upload.status()).toBe(403);
    expect((await page.request.get(`/api/bundles/${id}/attachments/${id}`)).status()).toBe(403);
    await context.close();
    const admin = await newContext(browser, desktop);
    const adminPage = await admin.newPage();
    await signIn(adminPage, 'ru', demoAccount('admin'));
    await adminPage.goto('/ru/admin/audit');
    const denied = adminPage.getByRole('row').filter({ hasText: 'access.denied' }).filter({ hasText: reviewer.email });
    await expect(denied.count()).resolves.toBeGreaterThanOrEqual(6);
    await admin.close();
  });

  it('the bundles list on a phone', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await signIn(page, 'kk', demoAccount('organizer'));
    await page.goto('/kk/organize/bundles');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
