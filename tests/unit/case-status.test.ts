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

describe('every pair of statuses', () => {
  // DESIGN.md's state machine, written out independently of lib/cases/status.ts.
  const allowed = new Set([
    'draft>submitted',
    'submitted>in_review',
    'in_review>needs_info',
    'needs_info>in_review',
    'in_review>recommended',
    'recommended>accepted',
    'recommended>in_review',
    'in_review>declined',
    // Issue 4: a case whose applicant never answers an information request can be declined.
    'needs_info>declined',
    'accepted>bundled',
    'bundled>filed',
    'filed>protest_brought',
    'filed>protest_refused',
    ...['draft', 'submitted', 'in_review', 'needs_info', 'recommended', 'accepted', 'declined', 'bundled'].map((s) => `${s}>withdrawn`),
  ]);

  it('allows exactly the designed transitions and refuses the other ones', () => {
    for (const from of caseStatuses) {
      for (const to of caseStatuses) {
        expect(findTransition(from, to) !== undefined, `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it('gives confirmation of a recommendation to reviewers, and bundling and outcomes to organizers only', () => {
    expect(findTransition('recommended', 'accepted')!.by).not.toContain('owner');
    for (const [from, to] of [['accepted', 'bundled'], ['bundled', 'filed'], ['filed', 'protest_brought'], ['filed', 'protest_refused']] as const) {
      expect([...findTransition(from, to)!.by].sort()).toEqual(['admin', 'organizer']);
    }
    expect(findTransition('draft', 'submitted')!.by).toEqual(['owner']);
  });
});
