import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
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

const f = m.petitions.form;
const d = m.petitions.detail;
const s = m.petitions.signatures;

const TEXTS = {
  kk: {
    title: 'Даулы үкімдерді қайта қарайтын арнайы комиссия құрылсын',
    body: 'Біз Қазақстан Республикасының Президентінен даулы сот үкімдерін қайта қарайтын **арнайы комиссия** құруды сұраймыз.\n\n- әділ сот\n- ашықтық',
  },
  ru: {
    title: 'Создать специальную комиссию по пересмотру спорных приговоров',
    body: 'Мы просим Президента Республики Казахстан создать **специальную комиссию** по пересмотру спорных судебных решений.\n\n- справедливый суд\n- открытость',
  },
  en: {
    title: 'Create a special commission to review controversial verdicts',
    body: 'We ask the President of the Republic of Kazakhstan to create a **special commission** to review controversial court rulings.',
  },
} as const;

/** The fieldset of one language's title and text, found by its legend. */
const language = (page: Page, lang: keyof typeof TEXTS) => page.getByRole('group', { name: f.languages[lang] });

/** The error shown beside a field: the element its aria-describedby names first. */
async function errorBeside(field: Locator): Promise<string | null> {
  await expect.poll(() => field.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  if (!errorId) return null;
  return field.page().locator(`[id="${errorId}"]`).textContent();
}

describe('an organizer runs a petition', () => {
  it('creates it in the Russian UI, saves an edit, opens it for signatures and closes it', async () => {
    const run = crypto.randomBytes(3).toString('hex');
    const slug = `e2e-commission-${run}`;
    const context = await newContext(browser, desktop);
    const page = await context.newPage();
    await signIn(page, 'ru', demoAccount('organizer'));
    await page.goto('/ru/organize/petitions');
    await page.getByRole('link', { name: m.petitions.newPetition }).click();
    await page.waitForURL('**/ru/organize/petitions/new');
    await page.getByRole('heading', { level: 1, name: m.petitions.newPetition }).waitFor();
    await expectNoAxeViolations(page);

    // An empty submit: every error beside its field, the first field focused, nothing sent.
    const save = page.getByRole('button', { name: f.create });
    await expect.poll(() => save.isEnabled(), { timeout: 30_000 }).toBe(true);
    await save.click();
    expect(await errorBeside(page.getByLabel(f.slug))).toBe(m.validation.required);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      expect(await errorBeside(language(page, lang).getByLabel(f.title))).toBe(m.validation.required);
      expect(await errorBeside(language(page, lang).getByLabel(f.body))).toBe(m.validation.required);
    }
    expect(await errorBeside(page.getByLabel(f.addressee))).toBe(m.validation.required);
    expect(await errorBeside(page.getByLabel(f.signatureGoal))).toBe(m.validation.required);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('slug');
    expect(page.url()).toMatch(/\/ru\/organize\/petitions\/new$/);
    await expectNoAxeViolations(page);

    // Filled in, with two mistakes: they are named beside their fields and nothing typed is lost.
    await page.getByLabel(f.slug).fill('Special Commission');
    for (const lang of ['kk', 'ru', 'en'] as const) {
      await language(page, lang).getByLabel(f.title).fill(TEXTS[lang].title);
      await language(page, lang).getByLabel(f.body).fill(lang === 'en' ? 'Too short.' : TEXTS[lang].body);
    }
    await page.getByLabel(f.addressee).fill('Президенту Республики Казахстан');
    await page.getByLabel(f.signatureGoal).fill('50 000');
    await page.getByLabel(f.closesOn).fill('2099-12-31');
    await save.click();
    expect(await errorBeside(page.getByLabel(f.slug))).toBe(m.validation.slugInvalid);
    expect(await errorBeside(language(page, 'en').getByLabel(f.body))).toBe(m.validation.petitionTextTooShort);
    expect(await language(page, 'kk').getByLabel(f.body).inputValue()).toBe(TEXTS.kk.body);
    expect(await page.getByLabel(f.signatureGoal).inputValue()).toBe('50 000');
    expect(await language(page, 'ru').getByLabel(f.title).getAttribute('aria-invalid')).toBeNull();

    await page.getByLabel(f.slug).fill(slug);
    await language(page, 'en').getByLabel(f.body).fill(TEXTS.en.body);
    await save.click();
    await page.waitForURL(/\/ru\/organize\/petitions\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const detailUrl = page.url();

    // The draft: its form prefilled, in Russian.
    await page.getByRole('heading', { level: 1, name: TEXTS.ru.title }).waitFor();
    expect(await page.getByTestId('petition-status').textContent()).toBe(m.petitions.statusDraft);
    expect(await page.getByLabel(f.slug).inputValue()).toBe(slug);
    expect(await language(page, 'kk').getByLabel(f.body).inputValue()).toBe(TEXTS.kk.body);
    expect(await page.getByLabel(f.signatureGoal).inputValue()).toBe('50000');
    expect(await page.getByLabel(f.closesOn).inputValue()).toBe('2099-12-31');
    await expectNoAxeViolations(page);

    // Opening waits while an edit is not saved: it would open the old text.
    // Unique per run, so the list row below is this petition's even on a reused database.
    const newTitle = `${TEXTS.ru.title} (редакция ${run})`;
    const openForm = page.getByTestId('open-form');
    const openButton = openForm.getByRole('button', { name: d.openSubmit });
    await language(page, 'ru').getByLabel(f.title).fill(newTitle);
    await openForm.getByText(d.saveFirst).waitFor();
    expect(await openButton.isDisabled()).toBe(true);

    await page.getByRole('button', { name: f.save }).click();
    await page.getByText(f.saved).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: newTitle }).waitFor({ timeout: 30_000 });
    expect(await openForm.getByText(d.saveFirst).count()).toBe(0);

    // Opening needs the confirmation ticked; the error is tied to the checkbox.
    await openButton.click();
    await openForm.getByText(m.validation.confirmPetition).waitFor();
    const confirm = openForm.getByLabel(d.openConfirm);
    const describedBy = (await confirm.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toBe(m.validation.confirmPetition);
    await confirm.check();
    await openButton.click();
    await expect.poll(() => page.getByTestId('petition-status').textContent(), { timeout: 30_000 }).toBe(m.petitions.statusOpen);

    // Open: the texts are fixed and shown as written; the public page is linked; closing is offered.
    expect(await page.getByLabel(f.slug).count()).toBe(0);
    await page.getByText(d.frozenNotice).waitFor();
    const texts = page.getByRole('region', { name: d.textsTitle });
    expect(await texts.locator('pre[lang="kk"]').textContent()).toBe(TEXTS.kk.body);
    expect(await texts.locator('pre[lang="ru"]').textContent()).toBe(TEXTS.ru.body);
    await texts.getByText(newTitle).waitFor();
    expect(await page.getByRole('link', { name: d.publicPage }).getAttribute('href')).toBe(`/ru/petitions/${slug}`);
    await expectNoAxeViolations(page);

    // Signatures: none confirmed yet, so the CSV is its header alone, after the BOM Excel needs for Cyrillic.
    const signatures = page.getByRole('region', { name: s.title, exact: true });
    await signatures.getByText(s.none).waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), signatures.getByRole('link', { name: s.download }).click()]);
    expect(csv.suggestedFilename()).toMatch(new RegExp(`^signatures-${slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const bytes = fs.readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe([s.csv.name, s.csv.email, s.csv.region, s.csv.isPublic, s.csv.confirmedAt].join(','));

    const closeForm = page.getByTestId('close-form');
    await closeForm.getByLabel(d.closeConfirm).check();
    await closeForm.getByRole('button', { name: d.closeSubmit }).click();
    await expect.poll(() => page.getByTestId('petition-status').textContent(), { timeout: 30_000 }).toBe(m.petitions.statusClosed);
    expect(await page.getByTestId('close-form').count()).toBe(0);
    expect(await page.getByTestId('open-form').count()).toBe(0);

    // The list links to it, with its status now.
    await page.goto('/ru/organize/petitions');
    const row = page.getByTestId('petition-row').filter({ hasText: newTitle });
    await row.getByText(m.petitions.statusClosed).waitFor();
    await row.getByRole('link', { name: newTitle }).click();
    await page.waitForURL(detailUrl);
    await context.close();

    // A phone: the form and the petition page pass the same checks.
    const phoneContext = await newContext(browser, phone);
    const small = await phoneContext.newPage();
    await signIn(small, 'ru', demoAccount('organizer'));
    await small.goto('/ru/organize/petitions/new');
    await small.getByRole('heading', { level: 1, name: m.petitions.newPetition }).waitFor();
    await expectNoAxeViolations(small);
    await small.goto(detailUrl);
    await small.getByTestId('petition-status').waitFor();
    await expectNoAxeViolations(small);
    await phoneContext.close();
  });
});
