import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Cookie, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:3123';
const dataDir = process.env.E2E_DATA_DIR ?? '';

/** `totpSecret`: staff accounts come enrolled in two-factor sign-in. */
export type DemoAccount = { role: 'applicant' | 'reviewer' | 'organizer' | 'admin'; email: string; password: string; name: string; totpSecret?: string };

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

const TOTP_PERIOD_MS = 30_000;
export const totpStepNow = () => Math.floor(Date.now() / TOTP_PERIOD_MS);

/** The code an authenticator app shows for `secret` at `time` (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totpCode(secret: string, time = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: time });
}

/** Polls the clock (bounded) until the TOTP time step is after `step`: a code is accepted once per step. */
export async function waitForTotpStepAfter(step: number): Promise<number> {
  const deadline = Date.now() + TOTP_PERIOD_MS + 5_000;
  while (totpStepNow() <= step) {
    if (Date.now() > deadline) throw new Error(`The TOTP step did not move past ${step}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return totpStepNow();
}

/*
 * Staff sign-in needs a code, and a code is single-use: a second sign-in of one account in the
 * same 30 s is refused. So the helper signs each staff account in once and reuses that session
 * (its cookies) for the rest of the run, across test files: each reuse is validated by loading a
 * page, and a session that ended (a test signed out, the 30-minute idle limit) means a real sign-in
 * again, which first waits for a time step this helper has not used yet. The cache lives in the
 * temp folder, keyed by server and by seed (a new demo database starts a new cache).
 */
type SessionCache = { cookies: Record<string, Cookie[]>; lastStep: Record<string, number> };

function sessionCacheFile(): string {
  let seed = '';
  try {
    seed = fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8');
  } catch {
    // No demo accounts: sessions are still cached per server.
  }
  const key = crypto.createHash('sha256').update(`${baseUrl}|${path.resolve(dataDir)}|${seed}`).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `redress-e2e-sessions-${key}.json`);
}

function readSessionCache(): SessionCache {
  try {
    return JSON.parse(fs.readFileSync(sessionCacheFile(), 'utf8')) as SessionCache;
  } catch {
    return { cookies: {}, lastStep: {} };
  }
}

function updateSessionCache(change: (cache: SessionCache) => void): void {
  const cache = readSessionCache();
  change(cache);
  const file = sessionCacheFile();
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(cache), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** The two-factor secret of an account, from the account itself or from the demo logins. */
function totpSecretOf(account: { email: string; totpSecret?: string }): string | undefined {
  if (account.totpSecret) return account.totpSecret;
  try {
    return demoAccounts().find((a) => a.email === account.email)?.totpSecret;
  } catch {
    return undefined;
  }
}

/**
 * Fills in and submits the code step of the sign-in form with a code of a time step this helper
 * has not used for the account yet (waiting for the next step when needed).
 */
export async function enterTotpCode(page: Page, account: { email: string; totpSecret?: string }): Promise<void> {
  const secret = totpSecretOf(account);
  if (!secret) throw new Error(`No two-factor secret for ${account.email}`);
  const field = page.locator('input[name="code"]');
  await field.waitFor();
  const step = await waitForTotpStepAfter(readSessionCache().lastStep[account.email] ?? -1);
  updateSessionCache((cache) => {
    cache.lastStep[account.email] = step;
  });
  await field.fill(totpCode(secret, step * TOTP_PERIOD_MS));
  await page.locator('form button[type="submit"]').click();
}

const isSignedInUrl = (url: URL) => !url.pathname.endsWith('/sign-in') && !url.pathname.endsWith('/start');

/** Loads the session cached for the account into the page's context; false if there is none or it no longer works. */
async function reuseSession(page: Page, locale: string, email: string): Promise<boolean> {
  const cookies = readSessionCache().cookies[email];
  if (!cookies?.length) return false;
  await page.context().addCookies(cookies);
  await page.goto(`/${locale}/start`);
  if (isSignedInUrl(new URL(page.url()))) return true;
  await page.context().clearCookies();
  updateSessionCache((cache) => {
    delete cache.cookies[email];
  });
  return false;
}

/**
 * Signs in through the sign-in form and waits for the landing page. Staff (accounts with a
 * two-factor secret) reuse their session of this run when it still works; `fresh` forces a real
 * sign-in (e.g. to test the sign-in itself).
 */
export async function signIn(page: Page, locale: string, account: { email: string; password: string; totpSecret?: string }, options: { fresh?: boolean } = {}): Promise<void> {
  const secret = totpSecretOf(account);
  if (secret && !options.fresh && (await reuseSession(page, locale, account.email))) return;
  for (let attempt = 1; ; attempt++) {
    await page.goto(`/${locale}/sign-in`);
    await page.locator('input[name="email"]').fill(account.email);
    await page.locator('input[name="password"]').fill(account.password);
    await page.locator('form button[type="submit"]').click();
    if (!secret) break;
    await enterTotpCode(page, { email: account.email, totpSecret: secret });
    // Signed in (the header shows the account), or the code was refused: someone else used this
    // step (e.g. a sign-in typed by hand in a test), so start over with the next one.
    await page.locator('[data-testid="account"], input[name="code"][aria-invalid="true"]').first().waitFor();
    if ((await page.locator('input[name="code"][aria-invalid="true"]').count()) === 0) break;
    if (attempt === 2) throw new Error(`The two-factor code of ${account.email} was refused twice`);
  }
  await page.waitForURL(isSignedInUrl);
  if (secret) {
    const cookies = await page.context().cookies();
    updateSessionCache((cache) => {
      cache.cookies[account.email] = cookies;
    });
  }
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/** Runs axe-core in the page and fails on any violation, whatever its impact. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // After a client-side navigation Next streams the new <title> in a moment after the page itself.
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 20_000 });
  // Evaluated through the DevTools protocol: an injected <script> would carry no nonce and the
  // page's Content-Security-Policy would block it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const summary = violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}
