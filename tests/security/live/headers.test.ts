/**
 * Security headers, checked through a real `next start` (issue 7, part 8).
 *
 * With E2E_BASE_URL (and E2E_DATA_DIR for the demo logins) it uses that running server, which must
 * be `next start` (production), e.g. the one scripts/e2e.ts starts. Without, it does what
 * scripts/e2e.ts does: builds the app if the sources changed, starts `next start` on a fresh
 * embedded database in a temporary folder, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIfNeeded } from '../../../scripts/lib/build';

// Requests to a real server, some of them rendering whole pages: whatever the project's default.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

type Role = 'applicant' | 'reviewer' | 'organizer' | 'admin';
type DemoAccount = { role: Role; email: string; password: string; totpSecret?: string };

let baseUrl = process.env.E2E_BASE_URL ?? '';
let dataDir = process.env.E2E_DATA_DIR ?? '';
let server: ChildProcess | undefined;
let serverLog = '';
const cookies = new Map<Role, string>();

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) break;
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen. Server log:\n${serverLog ? fs.readFileSync(serverLog, 'utf8') : '(reused server)'}`);
}

async function startServer(): Promise<void> {
  buildIfNeeded();
  const port = Number(process.env.HEADERS_TEST_PORT) || (await freePort());
  baseUrl = `http://localhost:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-headers-'));
  const env: Record<string, string | undefined> = { ...process.env, REDRESS_DATA_DIR: dataDir, NEXTAUTH_URL: baseUrl, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) };
  // Like the e2e run: its own embedded database, mail kept for the dev mailbox.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  delete env.NODE_ENV;
  serverLog = path.join(dataDir, 'server.log');
  const log = fs.openSync(serverLog, 'a');
  server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', log, log], detached: true });
}

function stopServer(): void {
  if (!server?.pid || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already stopped
  }
}

function readAccounts(): DemoAccount[] {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[];
}

/** The name=value pairs of a response's Set-Cookie headers, as a Cookie header. */
const cookieHeader = (response: Response, previous = '') =>
  [previous, ...response.headers.getSetCookie().map((c) => c.split(';')[0])].filter(Boolean).join('; ');

/** Signs in over HTTP as next-auth's sign-in form does, with the second factor for staff. */
async function signIn(account: DemoAccount): Promise<{ cookie: string; setCookies: string[] }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, email: account.email, password: account.password, json: 'true' });
    let step: number | undefined;
    if (account.totpSecret) {
      const totp = new TOTP({ secret: Secret.fromBase32(account.totpSecret) });
      step = Math.floor(Date.now() / 30_000);
      form.set('code', totp.generate());
    }
    const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, cookie: cookieHeader(csrf) },
      body: form,
    });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.some((c) => /session-token=/.test(c))) return { cookie: cookieHeader(response, cookieHeader(csrf)), setCookies };
    // A staff code is single-use: if another test used this step's code, wait for the next step.
    if (step === undefined) break;
    await until('the next two-factor step', async () => (Math.floor(Date.now() / 30_000) > step ? true : undefined), 31_000);
  }
  throw new Error(`Could not sign in as the demo ${account.role}`);
}

const get = (pathname: string, role?: Role, init: RequestInit = {}) =>
  fetch(`${baseUrl}${pathname}`, { redirect: 'manual', ...init, headers: { ...(role ? { cookie: cookies.get(role)! } : {}), ...(init.headers as Record<string, string>) } });

/** The first link in a page's HTML matching `pattern` (group 1). */
async function linkIn(pathname: string, role: Role | undefined, pattern: RegExp): Promise<string | undefined> {
  const html = await (await get(pathname, role)).text();
  return pattern.exec(html)?.[1];
}

const nonceOf = (policy: string | null) => /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(policy ?? '')?.[1];

function expectCommonHeaders(response: Response, where: string): void {
  const h = response.headers;
  expect(h.get('x-content-type-options'), where).toBe('nosniff');
  expect(h.get('referrer-policy'), where).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
  const permissions = h.get('permissions-policy') ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(permissions, where).toContain(`${feature}=()`);
  const hsts = /max-age=(\d+)/.exec(h.get('strict-transport-security') ?? '');
  expect(Number(hsts?.[1]), `${where}: HSTS max-age`).toBeGreaterThanOrEqual(365 * 24 * 3600);
  expect(h.get('strict-transport-security'), where).toContain('includeSubDomains');
}

/** Everything a page must carry: the headers, and its nonce on every script of its HTML. */
async function expectSecurePage(pathname: string, role?: Role): Promise<string> {
  const response = await get(pathname, role);
  const where = `${role ?? 'anonymous'} ${pathname} (${response.status})`;
  expect([200, 404], where).toContain(response.status);
  expectCommonHeaders(response, where);
  expect(response.headers.get('x-frame-options'), where).toBe('DENY');
  const policy = response.headers.get('content-security-policy') ?? '';
  const nonce = nonceOf(policy);
  expect(nonce, `${where}: nonce in the policy`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values] as const));
  expect(directives.get('default-src'), where).toEqual(["'self'"]);
  expect(directives.get('script-src'), where).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(directives.get('img-src'), where).toEqual(["'self'", 'data:', 'blob:']);
  expect(directives.get('font-src'), where).toEqual(["'self'"]);
  expect(directives.get('object-src'), where).toEqual(["'none'"]);
  expect(directives.get('base-uri'), where).toEqual(["'self'"]);
  expect(directives.get('form-action'), where).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors'), where).toEqual(["'none'"]);
  expect(directives.get('frame-src'), where).toEqual(["'self'"]);
  expect(directives.get('style-src'), where).toEqual(["'self'", "'unsafe-inline'"]);
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${where}: scripts in the page`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${where}: every script carries the nonce`).toContain(`nonce="${nonce}"`);
  return nonce!;
}

beforeAll(async () => {
  if (!baseUrl) await startServer();
  await until('the app answering /api/health', async () => ((await fetch(`${baseUrl}/api/health`)).ok ? true : undefined));
  await until('the demo data', async () => (fs.existsSync(path.join(dataDir, 'demo-accounts.json')) ? true : undefined));
  for (const account of readAccounts()) {
    if (!cookies.has(account.role)) cookies.set(account.role, (await signIn(account)).cookie);
  }
}, 600_000);

afterAll(() => {
  stopServer();
  if (server && dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('every page', () => {
  const publicPages = [
    '/ru',
    '/kk',
    '/en',
    '/kk/sign-in',
    '/ru/sign-up',
    '/en/forgot-password',
    '/ru/reset-password',
    '/ru/verify',
    '/ru/verify-email',
    '/ru/stats',
    '/ru/petitions',
    '/ru/dev/mailbox',
    '/ru/invitations/accept',
    '/ru/no-such-page',
    '/ru/no-such-file.pdf',
  ];

  it('sends the headers and puts its nonce on every script, for visitors', async () => {
    for (const page of publicPages) await expectSecurePage(page);
    const slug = await linkIn('/ru/petitions', undefined, /href="\/ru\/petitions\/([^"/?#]+)"/);
    expect(slug, 'a demo petition').toBeTruthy();
    await expectSecurePage(`/ru/petitions/${slug}`);
  }, 120_000);

  it('sends the headers and puts its nonce on every script, for each role', async () => {
    const caseId = await linkIn('/ru/my/cases', 'applicant', new RegExp(`href="/ru/my/cases/(${UUID})"`));
    expect(caseId, "one of the demo applicant's cases").toBeTruthy();
    const reviewCaseId = await linkIn('/ru/review', 'reviewer', new RegExp(`href="/ru/review/cases/(${UUID})"`));
    expect(reviewCaseId, 'a case in the review queue').toBeTruthy();
    const bundleId = await linkIn('/ru/organize/bundles', 'organizer', new RegExp(`href="/ru/organize/bundles/(${UUID})"`));
    const signedIn: [Role, string][] = [
      ['applicant', '/ru/my/cases'],
      ['applicant', `/ru/my/cases/${caseId}`],
      ['applicant', '/ru/account/security'],
      ['applicant', '/ru/account/privacy'],
      ['reviewer', '/ru/review'],
      ['reviewer', `/kk/review/cases/${reviewCaseId}`],
      ['organizer', '/ru/organize/bundles'],
      ['organizer', '/ru/organize/petitions'],
      ['organizer', '/ru/organize/petitions/new'],
      ['organizer', '/ru/organize/insights'],
      ['admin', '/ru/admin/users'],
      ['admin', '/ru/admin/audit'],
      ['admin', '/ru/admin/settings'],
      ['reviewer', '/ru/account/security'],
    ];
    if (bundleId) signedIn.push(['organizer', `/ru/organize/bundles/${bundleId}`]);
    for (const [role, page] of signedIn) await expectSecurePage(page, role);
  }, 120_000);

  it('gets a new nonce on every request', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) nonces.add(await expectSecurePage('/ru/sign-in'));
    nonces.add(await expectSecurePage('/ru/my/cases', 'applicant'));
    nonces.add(await expectSecurePage('/ru/my/cases', 'applicant'));
    expect(nonces.size).toBe(5);
  });

  it('keeps the policy on a redirect to the visitor’s language', async () => {
    const response = await get('/sign-in', undefined, { headers: { 'accept-language': 'kk' } });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toMatch(/\/kk\/sign-in$/);
    expect(nonceOf(response.headers.get('content-security-policy'))).toBeTruthy();
  });
});

describe('route handlers', () => {
  it('send the common headers and may not be framed', async () => {
    for (const pathname of ['/api/health', '/api/public/stats', '/api/auth/csrf']) {
      const response = await get(pathname);
      expectCommonHeaders(response, pathname);
      expect(response.headers.get('content-security-policy'), pathname).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), pathname).toBe('DENY');
    }
  });

  it('let documents be framed by the portal only (the reviewer workspace viewer)', async () => {
    const html = await (await get('/ru/my/cases', 'applicant')).text();
    let documentId: string | undefined;
    for (const [, caseId] of html.matchAll(new RegExp(`href="/ru/my/cases/(${UUID})"`, 'g'))) {
      documentId ??= await linkIn(`/ru/my/cases/${caseId}`, 'applicant', new RegExp(`href="/api/documents/(${UUID})`));
    }
    expect(documentId, "a document of one of the demo applicant's cases").toBeTruthy();
    const response = await get(`/api/documents/${documentId}`, 'applicant');
    expect(response.status).toBe(200);
    expectCommonHeaders(response, 'a document');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    await response.body?.cancel();
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax', async () => {
    const applicant = readAccounts().find((a) => a.role === 'applicant')!;
    const { setCookies } = await signIn(applicant);
    const session = setCookies.find((c) => /session-token=/.test(c)) ?? '';
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });
});

describe('refused requests', () => {
  it('refuses a request carrying x-middleware-subrequest instead of skipping the proxy', async () => {
    for (const value of ['proxy:proxy:proxy:proxy:proxy', 'middleware:middleware:middleware:middleware:middleware', 'src/middleware:src/middleware', 'proxy']) {
      const response = await get('/ru/admin/users', undefined, { headers: { 'x-middleware-subrequest': value } });
      expect(response.status, value).toBe(400);
      expect(await response.text()).not.toContain('<html');
    }
  });

  /** A server action's id, from the client code of the sign-up page (its form calls one). */
  async function serverActionId(): Promise<string> {
    const html = await (await get('/ru/sign-up')).text();
    const chunks = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!);
    for (const chunk of chunks) {
      const code = await (await get(chunk)).text();
      const id = /createServerReference\)?\(\s*"([0-9a-f]{40,})"/.exec(code)?.[1];
      if (id) return id;
    }
    throw new Error('No server action found in the sign-up page');
  }

  it('refuses a server action posted with Origin: null or a foreign or missing Origin', async () => {
    const id = await serverActionId();
    const post = (headers: Record<string, string>) =>
      get('/ru/sign-up', undefined, { method: 'POST', headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', ...headers }, body: '[]' });
    for (const origin of ['null', 'https://evil.example', `${baseUrl}.evil.example`]) {
      const response = await post({ origin });
      expect(response.status, origin).toBe(403);
    }
    expect((await post({})).status, 'no Origin').toBe(403);
    // The same request from the portal's own origin reaches the action (which refuses the empty input itself).
    const own = await post({ origin: baseUrl });
    expect(own.status).not.toBe(403);
    expect(own.headers.get('content-type')).toContain('text/x-component');
  });
});
