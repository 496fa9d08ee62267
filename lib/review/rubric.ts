/**
 * The assessment rubric of DESIGN.md. Each criterion is scored 0–3 by a reviewer; the strength
 * score (0–100) is the weighted share of the maximum. Pure, so the form shows the same score
 * live in the browser that the server stores.
 *
 * Weights, and why: a prosecutorial protest (Criminal Procedure Code, art. 485–487) is brought
 * for a material breach of law, so documented violations, fabrication or coercion and new
 * evidence carry most (20 each). Exhausted appeals and complete documents decide whether the
 * prosecutor can act at all (10 each); a wider pattern and a disproportionate sentence
 * strengthen the request (10 each). Total 100.
 */
export const rubricCriteria = [
  { key: 'procedural_violations', weight: 20, evidence: true },
  { key: 'new_evidence', weight: 20, evidence: true },
  { key: 'fabrication_or_coercion', weight: 20, evidence: true },
  { key: 'appeals_exhausted', weight: 10, evidence: true },
  { key: 'documents_complete', weight: 10, evidence: false },
  { key: 'wider_pattern', weight: 10, evidence: false },
  { key: 'proportionality', weight: 10, evidence: true },
] as const;

export type CriterionKey = (typeof rubricCriteria)[number]['key'];
export const criterionKeys = rubricCriteria.map((c) => c.key) as [CriterionKey, ...CriterionKey[]];

export const MAX_CRITERION_SCORE = 3;

/** A score of 1 or more must say why; 0 ("nothing found") may stand alone. */
export const COMMENT_REQUIRED_FROM = 1;

/** The strength score for the criteria scored so far; unscored criteria count as 0. */
export function strengthScore(scores: Partial<Record<CriterionKey, number | null | undefined>>): number {
  let total = 0;
  for (const c of rubricCriteria) {
    const s = scores[c.key];
    if (typeof s === 'number' && s >= 0 && s <= MAX_CRITERION_SCORE) total += (c.weight * s) / MAX_CRITERION_SCORE;
  }
  return Math.round(total);
}
