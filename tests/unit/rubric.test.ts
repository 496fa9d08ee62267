import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';
import { COMMENT_REQUIRED_FROM, criterionKeys, MAX_CRITERION_SCORE, rubricCriteria, strengthScore, type CriterionKey } from '@/lib/review/rubric';

const every = (score: number) => Object.fromEntries(criterionKeys.map((k) => [k, score])) as Record<CriterionKey, number>;

describe('the rubric', () => {
  it('has the seven criteria of DESIGN.md, each scored 0–3', () => {
    expect(criterionKeys).toEqual([
      'procedural_violations',
      'new_evidence',
      'fabrication_or_coercion',
      'appeals_exhausted',
      'documents_complete',
      'wider_pattern',
      'proportionality',
    ]);
    expect(MAX_CRITERION_SCORE).toBe(3);
    expect(COMMENT_REQUIRED_FROM).toBe(1);
  });

  it('uses the documented weights, which sum to 100', () => {
    expect(Object.fromEntries(rubricCriteria.map((c) => [c.key, c.weight]))).toEqual({
      procedural_violations: 20,
      new_evidence: 20,
      fabrication_or_coercion: 20,
      appeals_exhausted: 10,
      documents_complete: 10,
      wider_pattern: 10,
      proportionality: 10,
    });
    expect(rubricCriteria.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
  });

  it.each([
    ['en', en],
    ['kk', kk],
    ['ru', ru],
  ] as const)('names and explains every criterion in %s', (_locale, catalog) => {
    const criteria = catalog.review.criteria as Record<string, { name: string; help: string }>;
    for (const key of criterionKeys) {
      expect(criteria[key]?.name?.trim(), key).toBeTruthy();
      expect(criteria[key]?.help?.trim(), key).toBeTruthy();
    }
  });
});

describe('strengthScore', () => {
  it('is 100 when every criterion is at the maximum and 0 when every one is 0', () => {
    expect(strengthScore(every(3))).toBe(100);
    expect(strengthScore(every(0))).toBe(0);
  });

  it('scales linearly between: all 1s a third, all 2s two thirds', () => {
    expect(strengthScore(every(1))).toBe(33);
    expect(strengthScore(every(2))).toBe(67);
  });

  it('gives each criterion its weight at the maximum', () => {
    for (const c of rubricCriteria) expect(strengthScore({ [c.key]: 3 }), c.key).toBe(c.weight);
  });

  it('counts unscored criteria as 0 in a partial assessment', () => {
    expect(strengthScore({})).toBe(0);
    expect(strengthScore({ procedural_violations: 3, new_evidence: null, wider_pattern: undefined })).toBe(20);
    // 20·3/3 + 20·1/3 + 10·2/3 = 20 + 6.67 + 6.67 = 33.3
    expect(strengthScore({ procedural_violations: 3, fabrication_or_coercion: 1, proportionality: 2 })).toBe(33);
    // 20 + 13.33 + 6.67 + 10 + 10 + 0 + 6.67 = 66.67
    expect(
      strengthScore({ procedural_violations: 3, new_evidence: 2, fabrication_or_coercion: 1, appeals_exhausted: 3, documents_complete: 3, wider_pattern: 0, proportionality: 2 }),
    ).toBe(67);
  });

  it('ignores values outside 0–3 (an unscored criterion is stored as -1)', () => {
    expect(strengthScore({ procedural_violations: -1, new_evidence: 4, appeals_exhausted: 3 })).toBe(10);
    expect(strengthScore({ ...every(3), wider_pattern: 99 })).toBe(90);
  });

  it('never falls when a criterion is raised, and stays within 0–100', () => {
    for (const c of rubricCriteria) {
      for (let base = 0; base <= 3; base++) {
        let previous = -1;
        for (let s = 0; s <= 3; s++) {
          const score = strengthScore({ ...every(base), [c.key]: s });
          expect(score).toBeGreaterThanOrEqual(previous);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
          previous = score;
        }
      }
    }
  });

  it('is a whole number', () => {
    expect(Number.isInteger(strengthScore({ new_evidence: 1 }))).toBe(true);
    expect(strengthScore({ new_evidence: 1 })).toBe(7);
    expect(strengthScore({ wider_pattern: 1 })).toBe(3);
  });
});
