import { describe, expect, it } from 'vitest';
import { caseStatuses, findTransition, pathTo, transitions } from '@/lib/cases/status';

describe('case state machine', () => {
  it('reaches every status from a draft along allowed transitions', () => {
    for (const status of caseStatuses) {
      const route = pathTo(status);
      expect(route[0]).toBe('draft');
      expect(route.at(-1)).toBe(status);
      for (let i = 1; i < route.length; i++) expect(findTransition(route[i - 1]!, route[i]!), `${route[i - 1]} → ${route[i]}`).toBeDefined();
    }
  });

  it('forbids skipping review and leaving a final status', () => {
    expect(findTransition('submitted', 'accepted')).toBeUndefined();
    expect(findTransition('draft', 'in_review')).toBeUndefined();
    expect(findTransition('filed', 'withdrawn')).toBeUndefined();
    expect(findTransition('protest_brought', 'filed')).toBeUndefined();
    expect(transitions.filter((t) => t.from === 'withdrawn')).toEqual([]);
  });

  it('lets only the applicant withdraw, and only before filing', () => {
    const withdrawals = transitions.filter((t) => t.to === 'withdrawn');
    expect(withdrawals.every((t) => t.by.join() === 'owner')).toBe(true);
    expect(withdrawals.map((t) => t.from)).not.toContain('filed');
  });
});
