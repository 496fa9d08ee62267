import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';
import { baseUrl, launchBrowser, newContext } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('languages', () => {
  it('the switcher keeps the current page and its query', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/ru/reset-password?token=abc');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ru');
    await page.getByRole('navigation', { name: ru.common.language }).getByRole('link', { name: 'Қазақша' }).click();
    await page.waitForURL('**/kk/reset-password?token=abc');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('kk');
    await expect(page.locator('h1').textContent()).resolves.toBe(kk.auth.resetTitle);
    await context.close();
  });

  it('detects the language from Accept-Language, with Russian as the default', async () => {
    const kazakh = await fetch(`${baseUrl}/`, { headers: { 'accept-language': 'kk-KZ,kk;q=0.9' }, redirect: 'manual' });
    expect(kazakh.headers.get('location')).toMatch(/\/kk\/?$/);
    const english = await fetch(`${baseUrl}/sign-in`, { headers: { 'accept-language': 'en-US,en;q=0.8' }, redirect: 'manual' });
    expect(english.headers.get('location')).toMatch(/\/en\/sign-in$/);
    const other = await fetch(`${baseUrl}/`, { headers: { 'accept-language': 'de-DE' }, redirect: 'manual' });
    expect(other.headers.get('location')).toMatch(/\/ru\/?$/);
  });

  it('an unknown page is a localized 404, not a crash', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const response = await page.goto('/kk/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe(kk.notFound.title);
    await context.close();
  });
});
