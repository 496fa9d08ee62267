import { describe, expect, it } from 'vitest';
import { clientIp } from '@/lib/auth/client-ip';

describe('client address', () => {
  it('trusts only the last x-forwarded-for entry, which the server itself appended', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1, 10.0.0.7' }))).toBe('10.0.0.7');
    expect(clientIp({ 'x-forwarded-for': '203.0.113.9' })).toBe('203.0.113.9');
    expect(clientIp({})).toBeNull();
  });
});
