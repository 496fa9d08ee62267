import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/*
 * Mail reaches the dev mailbox through the jobs worker, a moment after the action that queued it
 * (within about a second), not during the request. These helpers reload the mailbox until the
 * expected mail is listed: a wait on that condition, with a timeout.
 */

const WAIT = { timeout: 20_000, interval: 250 };

/** Opens the dev mailbox, reloading it until `isReady` holds. */
export async function openMailboxWhen(page: Page, locale: string, isReady: () => Promise<boolean>): Promise<void> {
  await expect
    .poll(async () => {
      await page.goto(`/${locale}/dev/mailbox`);
      return isReady();
    }, WAIT)
    .toBe(true);
}

/**
 * Opens the dev mailbox once it lists at least `count` mails to `email` (whose row contains
 * `containing`, when given), and returns those rows, newest first.
 */
export async function waitForMail(page: Page, locale: string, email: string, { containing, count = 1 }: { containing?: string; count?: number } = {}): Promise<Locator> {
  const rows = () => {
    const to = page.getByRole('row').filter({ hasText: email });
    return containing ? to.filter({ hasText: containing }) : to;
  };
  await openMailboxWhen(page, locale, async () => (await rows().count()) >= count);
  return rows();
}
