import createMiddleware from 'next-intl/middleware';
import { NextResponse, type NextRequest } from 'next/server';
import { routing } from './lib/i18n/routing';
import { contentSecurityPolicy, createNonce } from './lib/security/headers';

const negotiateLocale = createMiddleware(routing);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a state-changing request comes from a page of this very origin (what a server action must be). */
function isSameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  // Behind a reverse proxy the public host is in x-forwarded-host, as Next's own check reads it.
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  return !!host && originHost === host;
}

/** A file (icon, font) asked for without a locale: served as it is, not redirected to /<locale>/…. */
function isFileOutsideLocales(pathname: string): boolean {
  const segments = pathname.split('/').filter(Boolean);
  return segments.some((segment) => segment.includes('.')) && !(routing.locales as readonly string[]).includes(segments[0] ?? '');
}

/**
 * Every page passes here: locale negotiation, the Content-Security-Policy with a fresh nonce,
 * and two refusals. Authorization never happens here (see lib/authz): server actions and route
 * handlers check the session themselves.
 */
export default function proxy(request: NextRequest) {
  // The header that let requests skip middleware (CVE-2025-29927). Next 16 ignores it; nothing
  // legitimate sends it from outside, so refuse it rather than depend on that.
  if (request.headers.has('x-middleware-subrequest')) {
    return new NextResponse('Bad request', { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  // Pages take no POST but server actions: browsers send Origin with every POST, so a missing,
  // "null" or foreign Origin is a forged or sandboxed request. Next refuses the last two itself
  // and only warns about a missing one.
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    return new NextResponse('Cross-origin request refused', { status: 403, headers: { 'Cache-Control': 'no-store' } });
  }

  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { isDevelopment: process.env.NODE_ENV === 'development' });
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders;
  // next-intl forwards the request headers it is given.
  request.headers.set('content-security-policy', policy);
  request.headers.set('x-nonce', nonce);
  const response = isFileOutsideLocales(request.nextUrl.pathname) ? NextResponse.next({ request: { headers: request.headers } }) : negotiateLocale(request);
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Every path but route handlers (auth, uploads and downloads must never be buffered by the
  // proxy: it truncates bodies over 10 MB) and Next's own assets. Paths with a dot are included,
  // so a page under /<locale>/x.y still gets its headers.
  matcher: '/((?!api|_next|_vercel).*)',
};
