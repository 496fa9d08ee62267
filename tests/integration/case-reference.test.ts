import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { nextCaseReference } from '@/lib/cases/reference-number';

describe('case references', () => {
  it('gives 50 concurrent submissions 50 distinct, sequential references', async () => {
    const refs = await Promise.all(Array.from({ length: 50 }, () => getDb().transaction((tx) => nextCaseReference(tx, 2031))));
    expect(new Set(refs).size).toBe(50);
    expect([...refs].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `RD-2031-${String(i + 1).padStart(5, '0')}`));
  });

  it('starts again at 1 each year', async () => {
    expect(await nextCaseReference(getDb(), 2032)).toBe('RD-2032-00001');
  });
});
