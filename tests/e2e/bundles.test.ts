import type { Browser } from 'playwright-core';
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

describe('an organizer builds a bundle for the prosecutor', () => {
  it('creates it, adds three accepted cases, reorders, writes the cover letter, previews and finalizes', async () => {
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
    const added: string[] = [];
    for (let i = 0; i < 3; i++) {
      const first = page.getByTestId('candidate-row').last();
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

    // The cases are now "in a request being prepared" for the reviewers too.
    await page.goto(`/ru/review?status=bundled&q=${encodeURIComponent(added[2]!)}`);
    await expect(page.getByTestId('queue-row').count()).resolves.toBe(1);
    await context.close();
  }, 180_000);

  it('the bundles list on a phone', async () => {
    const context = await newContext(browser, phone);
    const page = await context.newPage();
    await signIn(page, 'kk', demoAccount('organizer'));
    await page.goto('/kk/organize/bundles');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
