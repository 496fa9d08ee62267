import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '@/lib/auth/return-path';

describe('return path after sign-in', () => {
  it('accepts portal paths', () => {
    expect(safeReturnPath('/my/cases/3f1c2a9e-0000-4000-8000-000000000000')).toBe('/my/cases/3f1c2a9e-0000-4000-8000-000000000000');
    expect(safeReturnPath('/review?status=in_review&page=2')).toBe('/review?status=in_review&page=2');
  });

  it('refuses anything that could leave the site or is not a plain path', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'my/cases', '/ru/my/cases', '', null, `/${'a'.repeat(600)}`, '/a b']) {
      expect(safeReturnPath(bad), String(bad)).toBeNull();
    }
  });
});
