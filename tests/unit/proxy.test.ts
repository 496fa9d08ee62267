import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { NextRequest, NextResponse } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import proxy, { config } from '@/proxy';
import { contentSecurityPolicy } from '@/lib/security/headers';

// next-intl's ESM build imports 'next/server' without an extension, which Node cannot resolve
// outside Next. A stand-in with its behaviour: a locale prefix goes on with the request headers it
// is given, anything else is redirected. tests/security/live/headers.test.ts runs the real one.
vi.mock('next-intl/middleware', () => ({
  default: () => (request: NextRequest) => {
    const [first] = request.nextUrl.pathname.split('/').filter(Boolean);
    if (first && ['kk', 'ru', 'en'].includes(first)) return NextResponse.next({ request: { headers: new Headers(request.headers) } });
    const locale = request.headers.get('accept-language') === 'kk' ? 'kk' : 'ru';
    return NextResponse.redirect(new URL(`/${locale}${request.nextUrl.pathname}`, request.url), 307);
  },
}));

const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url });
const uuid = '0b9f6a53-2d4c-4c39-9d1b-4f3c7f9e2a10';

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? 'GET', headers: { host: 'localhost:3000', ...init.headers } });

const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

describe('the proxy matcher', () => {
  it('never runs on uploads, downloads or other route handlers (the proxy would buffer and truncate their bodies)', () => {
    for (const path of [
      `/api/cases/${uuid}/documents`,
      `/api/bundles/${uuid}/attachments`,
      `/api/bundles/${uuid}/attachments?purpose=answer`,
      `/api/documents/${uuid}`,
      '/api/auth/callback/credentials',
      '/api/petitions/some-petition/signatures',
      '/api',
    ]) {
      expect(matches(path), path).toBe(false);
    }
  });

  it('never runs on Next.js assets', () => {
    expect(matches('/_next/static/chunks/main.js')).toBe(false);
    expect(matches('/_next/image?url=x')).toBe(false);
  });

  it('runs on every page, also paths with a dot, so each carries the security headers', () => {
    for (const path of ['/', '/ru', '/kk/sign-in', '/en/my/cases', `/ru/review/cases/${uuid}`, '/ru/report.pdf', '/icon.svg']) {
      expect(matches(path), path).toBe(true);
    }
  });
});

describe('the proxy', () => {
  it('sends a Content-Security-Policy with a fresh nonce on every page, and passes it to Next on the request', () => {
    const first = proxy(request('/ru/sign-in'));
    const second = proxy(request('/ru/sign-in'));
    const policy = first.headers.get('content-security-policy');
    const nonce = nonceOf(policy);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonce);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    // NextResponse.next({ request: { headers } }) travels as x-middleware-request-* headers.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
  });

  it('redirects a path without a locale and still sends the policy', () => {
    const response = proxy(request('/sign-in', { headers: { 'accept-language': 'kk' } }));
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toMatch(/\/kk\/sign-in$/);
    expect(nonceOf(response.headers.get('content-security-policy'))).toBeTruthy();
  });

  it('serves a file outside the locales as it is instead of redirecting it', () => {
    const response = proxy(request('/icon.svg'));
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.get('content-security-policy')).toContain("'strict-dynamic'");
  });

  it('refuses a request carrying x-middleware-subrequest (CVE-2025-29927)', () => {
    for (const value of ['proxy', 'middleware:middleware:middleware:middleware:middleware', 'src/middleware']) {
      const response = proxy(request('/ru/admin/users', { headers: { 'x-middleware-subrequest': value } }));
      expect(response.status).toBe(400);
    }
  });

  it('refuses a POST (a server action) from a null, foreign or missing Origin, and lets a same-origin one through', () => {
    const post = (origin?: string, extra: Record<string, string> = {}) =>
      proxy(request('/ru/sign-up', { method: 'POST', headers: { 'next-action': 'a'.repeat(42), ...(origin ? { origin } : {}), ...extra } }));
    expect(post('null').status).toBe(403);
    expect(post('https://evil.example').status).toBe(403);
    expect(post('http://localhost:3000.evil.example').status).toBe(403);
    expect(post().status).toBe(403);
    expect(post('not a url').status).toBe(403);
    expect(post('http://localhost:3000').status).toBe(200);
    expect(post('https://redress.kz', { 'x-forwarded-host': 'redress.kz' }).status).toBe(200);
  });
});

describe('the policy', () => {
  it("allows eval only for next dev", () => {
    expect(contentSecurityPolicy('n')).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('n', { isDevelopment: true })).toContain("'unsafe-eval'");
  });
});
