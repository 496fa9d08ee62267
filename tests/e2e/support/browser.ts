import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:3123';
const dataDir = process.env.E2E_DATA_DIR ?? '';

export type DemoAccount = { role: 'applicant' | 'reviewer' | 'organizer' | 'admin'; email: string; password: string; name: string };

export function demoAccounts(): DemoAccount[] {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[];
}

export function demoAccount(role: DemoAccount['role']): DemoAccount {
  const account = demoAccounts().find((a) => a.role === role);
  if (!account) throw new Error(`No demo ${role}`);
  return account;
}

/** Debian's Chromium, with the flags this sandboxed, offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const desktop = { viewport: { width: 1280, height: 900 } };
export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = desktop): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, ...options });
}

export async function signIn(page: Page, locale: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`/${locale}/sign-in`);
  await page.locator('input[name="email"]').fill(account.email);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in') && !url.pathname.endsWith('/start'));
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/** Runs axe-core in the page and fails on any violation, whatever its impact. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // After a client-side navigation Next streams the new <title> in a moment after the page itself.
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 20_000 });
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const summary = violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}
