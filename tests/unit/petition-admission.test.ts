import { describe, expect, it } from 'vitest';
import { admit } from '@/lib/petitions/admission';

describe('load shedding for signing', () => {
  it('refuses at once beyond the limit of requests in flight, and admits again as they finish', async () => {
    const releases: (() => void)[] = [];
    const slow = () => new Promise<string>((resolve) => releases.push(() => resolve('done')));
    const first = admit(2, slow);
    const second = admit(2, slow);
    await expect(admit(2, async () => 'third')).resolves.toBeNull();
    releases.shift()!();
    await expect(first).resolves.toBe('done');
    await expect(admit(2, async () => 'after one finished')).resolves.toBe('after one finished');
    releases.shift()!();
    await expect(second).resolves.toBe('done');
  });

  it('counts a request that failed as finished', async () => {
    await expect(admit(1, async () => Promise.reject(new Error('bad input')))).rejects.toThrow('bad input');
    await expect(admit(1, async () => 'next')).resolves.toBe('next');
  });

  it('admits everything when the limit is 0 (off)', async () => {
    await expect(admit(0, async () => 'ok')).resolves.toBe('ok');
  });
});
