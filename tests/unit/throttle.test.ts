import { describe, expect, it } from 'vitest';
import { delayAfter, throttleKeys, throttleRules } from '@/lib/auth/throttle';
import { hashEmail } from '@/lib/secrets';

describe('sign-in throttling', () => {
  it('lets four wrong passwords through and slows from the fifth, doubling up to 15 minutes', () => {
    const free = throttleRules.account.free;
    expect(free).toBe(5);
    expect([1, 2, 3, 4].map((n) => delayAfter(n, free))).toEqual([0, 0, 0, 0]);
    expect(delayAfter(5, free)).toBe(30_000);
    expect(delayAfter(6, free)).toBe(60_000);
    expect(delayAfter(7, free)).toBe(120_000);
    expect(delayAfter(30, free)).toBe(15 * 60_000);
  });

  it('keys the account case-insensitively by a keyed hash, never the address, and the client address separately', () => {
    const keys = throttleKeys(' Someone@Example.KZ ', 'abc');
    expect(keys).toEqual([
      { key: `account:${hashEmail('someone@example.kz')}`, free: 5 },
      { key: 'ip:abc', free: 20 },
    ]);
    expect(keys[0]!.key).not.toContain('someone');
    expect(throttleKeys('a@b.kz', null)).toHaveLength(1);
  });
});
