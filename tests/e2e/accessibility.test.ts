import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kk from '@/messages/kk.json';
import { demoAccount, desktop, expectNoAxeViolations, launchBrowser, newContext, phone, signIn, type DemoAccount } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const publicPages = ['/', '/sign-in', '/sign-up', '/forgot-password', '/reset-password?token=invalid', '/verify-email?token=invalid', '/verify', '/verify?code=not-a-code', '/dev/mailbox', '/no-such-page'];
const rolePages: Record<DemoAccount['role'], string[]> = {
  applicant: ['/my/cases', '/my/cases/new', '/review'],
  reviewer: ['/review', '/review?status=accepted'],
  organizer: ['/organize/bundles', '/organize/petitions', '/organize/insights', '/review'],
  admin: ['/admin/users', '/admin/audit', '/admin/mail'],
};

describe('accessibility (axe-core in Chromium, every violation fails)', () => {
  for (const [label, device] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`public pages on a ${label}`, async () => {
      const context = await newContext(browser, device);
      const page = await context.newPage();
      for (const locale of ['ru', 'kk']) {
        for (const path of publicPages) {
          await page.goto(`/${locale}${path}`);
          await expectNoAxeViolations(page);
        }
      }
      await context.close();
    });

    for (const role of ['applicant', 'reviewer', 'organizer', 'admin'] as const) {
      it(`${role} pages on a ${label}`, async () => {
        const context = await newContext(browser, device);
        const page = await context.newPage();
        await signIn(page, 'kk', demoAccount(role));
        for (const path of rolePages[role]) {
          await page.goto(`/kk${path}`);
          await expectNoAxeViolations(page);
        }
        if (role === 'applicant') {
          // Every demo case page of the applicant: each status shows a different page.
          await page.goto('/kk/my/cases');
          const hrefs = await page.getByTestId('my-case').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
          expect(hrefs.length).toBeGreaterThan(3);
          for (const href of hrefs) {
            await page.goto(href);
            await expectNoAxeViolations(page);
          }
        }
        if (role === 'reviewer') {
          // Workspaces of cases in different statuses (each offers different actions), and the document viewer.
          await page.goto('/kk/review?status=all&sort=score');
          const rows = await page.getByTestId('queue-row').evaluateAll((trs) =>
            trs.map((tr) => ({ href: tr.querySelector('a')!.getAttribute('href')!, status: tr.querySelector('td')!.textContent })),
          );
          const oneEach = [...new Map(rows.map((r) => [r.status, r.href])).values()];
          expect(oneEach.length).toBeGreaterThan(4);
          for (const href of oneEach) {
            await page.goto(href);
            await expectNoAxeViolations(page);
          }
          await page.getByRole('link', { name: new RegExp(`^${kk.review.viewShort}`) }).first().click();
          await page.getByTestId('document-viewer').waitFor();
          await expectNoAxeViolations(page);
        }
        await context.close();
      });
    }
  }

  it('a keyboard user can skip to the content and sees where focus is', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/ru');
    await page.keyboard.press('Tab');
    const skip = page.locator(':focus');
    await expect(skip.getAttribute('href')).resolves.toBe('#main');
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await context.close();
  });
});
