import { afterEach, describe, expect, it, vi } from 'vitest';
import { authOptions, wantsSecureCookies } from '@/lib/auth/options';

afterEach(() => {
  vi.unstubAllEnvs();
});

function deployment(nodeEnv: 'development' | 'production', url: string) {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.stubEnv('NEXTAUTH_URL', url);
  vi.stubEnv('NEXTAUTH_SECRET', 'a-test-secret-that-is-long-enough-0123456789');
}

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax everywhere, and lives at most 7 days', () => {
    for (const [nodeEnv, url] of [
      ['development', 'http://localhost:3000'],
      ['production', 'https://redress.example.kz'],
    ] as const) {
      deployment(nodeEnv, url);
      const options = authOptions();
      expect(options.cookies?.sessionToken?.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
      expect(options.session?.maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
    }
  });

  it('is Secure (with the __Secure- prefix) over HTTPS and in production', () => {
    deployment('production', 'https://redress.example.kz');
    expect(wantsSecureCookies()).toBe(true);
    expect(authOptions().cookies?.sessionToken).toMatchObject({ name: '__Secure-next-auth.session-token', options: { secure: true } });
    // Production behind a proxy that speaks plain http to the app: still Secure.
    deployment('production', 'http://redress.internal:3000');
    expect(wantsSecureCookies()).toBe(true);
    deployment('development', 'https://staging.example.kz');
    expect(wantsSecureCookies()).toBe(true);
  });

  it('is not Secure in development, nor for the local demo over http://localhost', () => {
    deployment('development', 'http://localhost:3000');
    expect(wantsSecureCookies()).toBe(false);
    deployment('production', 'http://localhost:3000');
    expect(wantsSecureCookies()).toBe(false);
    expect(authOptions().cookies?.sessionToken).toMatchObject({ name: 'next-auth.session-token', options: { secure: false } });
  });
});
