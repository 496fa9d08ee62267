import { vi } from 'vitest';

/**
 * What a security test replaces of Next.js and next-auth, and nothing more. The session seam is
 * next-auth's `getServerSession`: it hands lib/auth/session.ts the claims of a real session row
 * of the chosen actor (as the decrypted JWT would), so `getCurrentUser`, `requirePageAccess`,
 * the session checks behind them (disabled, ended, idle, session version) and every
 * authorization rule in lib/ run for real. Next's request-scoped APIs, which do not exist
 * outside a request, are stubbed: the request headers (client address, Origin), the cookie jar,
 * revalidation, `after`, and the navigation signals (`redirect`, `notFound`, `forbidden`,
 * `unauthorized`), which throw a recognisable error that the tests map to an outcome.
 *
 * Each test file declares the mocks itself (vi.mock is hoisted per file):
 *
 *   vi.mock('next-auth', async (original) => (await import('./support/next-mocks')).mockNextAuth(await original()));
 *   vi.mock('next/headers', async () => (await import('./support/next-mocks')).mockHeaders());
 *   vi.mock('next/cache', async (original) => (await import('./support/next-mocks')).mockCache(await original()));
 *   vi.mock('next/navigation', async (original) => (await import('./support/next-mocks')).mockNavigation(await original()));
 *   vi.mock('next/server', async (original) => (await import('./support/next-mocks')).mockServer(await original()));
 *   vi.mock('@/lib/actions/result', async (original) => (await import('./support/next-mocks')).mockActionResult(await original()));
 */

export type SessionClaims = { uid: string; sv: number; sid: string; role?: string };

export const request = {
  /** What getServerSession returns: the token's claims, or null for a visitor. */
  claims: null as SessionClaims | null,
  /** The client address the server sees (last x-forwarded-for entry). */
  ip: '203.0.113.7',
  /** Extra request headers (Origin, Host, …). */
  headers: {} as Record<string, string>,
  cookies: new Map<string, string>(),
};

/** Callbacks handed to `after()`: run by the test when it wants, never silently dropped. */
export const afterCallbacks: (() => unknown)[] = [];

export function resetRequest(): void {
  request.claims = null;
  request.ip = '203.0.113.7';
  request.headers = {};
  request.cookies.clear();
  afterCallbacks.length = 0;
  actionErrors.last = undefined;
}

/** A navigation signal Next would turn into a response (redirect, 404, 403, 401). */
export class NextSignal extends Error {
  constructor(
    readonly kind: 'redirect' | 'notFound' | 'forbidden' | 'unauthorized',
    readonly target?: string,
  ) {
    super(`NEXT_${kind.toUpperCase()}${target ? ` ${target}` : ''}`);
    this.name = 'NextSignal';
  }
}

export function mockNextAuth<T extends object>(original: T) {
  return {
    ...original,
    getServerSession: vi.fn(async () => (request.claims ? { ...request.claims } : null)),
  };
}

/**
 * For the session tests: next-auth's real getServerSession, reading the session cookie from the
 * test's cookie jar (`request.cookies`) instead of Next's request scope, so the token really is
 * decrypted and checked with the app's secret and callbacks.
 */
export function mockNextAuthWithCookies<T extends { getServerSession: (...args: never[]) => unknown }>(original: T) {
  const real = original.getServerSession as unknown as (...args: unknown[]) => Promise<unknown>;
  return {
    ...original,
    getServerSession: vi.fn(async (...args: unknown[]) => {
      if (args.length > 1) return real(...args);
      const cookies = Object.fromEntries(request.cookies);
      const cookieHeader = [...request.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const req = { headers: { 'x-forwarded-for': request.ip, cookie: cookieHeader, ...request.headers }, cookies };
      const res = { getHeader: () => undefined, setHeader: () => undefined, setCookie: () => undefined };
      return real(req, res, args[0]);
    }),
  };
}

/** The error behind the last failed action result (its code says which refusal it was). */
export const actionErrors: { last?: unknown } = {};

/** Observes lib/actions/result.ts's fromError without changing what it returns. */
export function mockActionResult<T extends { fromError: (error: unknown) => unknown }>(original: T) {
  return {
    ...original,
    fromError: (error: unknown) => {
      actionErrors.last = error;
      return original.fromError(error);
    },
  };
}

export function mockHeaders() {
  const headers = async () => new Headers({ 'x-forwarded-for': request.ip, host: 'localhost:3000', ...request.headers });
  const cookies = async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => request.cookies.has(name),
    set: (name: string | { name: string; value: string }, value?: string) => {
      if (typeof name === 'object') request.cookies.set(name.name, name.value);
      else request.cookies.set(name, value ?? '');
    },
    delete: (name: string) => request.cookies.delete(name),
  });
  return { headers, cookies, draftMode: async () => ({ isEnabled: false, enable() {}, disable() {} }) };
}

export function mockCache<T extends object>(original: T) {
  return { ...original, revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn(), refresh: vi.fn() };
}

export function mockNavigation<T extends object>(original: T) {
  return {
    ...original,
    redirect: vi.fn((target: string) => {
      throw new NextSignal('redirect', target);
    }),
    permanentRedirect: vi.fn((target: string) => {
      throw new NextSignal('redirect', target);
    }),
    notFound: vi.fn(() => {
      throw new NextSignal('notFound');
    }),
    forbidden: vi.fn(() => {
      throw new NextSignal('forbidden');
    }),
    unauthorized: vi.fn(() => {
      throw new NextSignal('unauthorized');
    }),
  };
}

export function mockServer<T extends object>(original: T) {
  return {
    ...original,
    after: vi.fn((callback: unknown) => {
      if (typeof callback === 'function') afterCallbacks.push(callback as () => unknown);
    }),
    connection: vi.fn(async () => undefined),
  };
}
