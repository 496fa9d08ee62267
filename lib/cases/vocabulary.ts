/**
 * The case vocabulary as plain constants, shared by the database enums (db/schema), the zod
 * schemas and the UI. No imports: safe in client bundles and in drizzle-kit.
 */
export const caseStatusValues = [
  'draft',
  'submitted',
  'in_review',
  'needs_info',
  'recommended',
  'accepted',
  'declined',
  'bundled',
  'filed',
  'protest_brought',
  'protest_refused',
  'withdrawn',
] as const;
export const caseKindValues = ['criminal', 'administrative', 'civil'] as const;
export const filingForValues = ['self', 'other'] as const;
export const currentSituationValues = ['in_custody', 'on_parole', 'released', 'house_arrest', 'abroad', 'not_applicable'] as const;
export const appealOutcomeValues = ['upheld', 'changed', 'overturned', 'pending'] as const;
export const publicNamingValues = ['named', 'anonymized'] as const;
export const groundValues = [
  'fabricated_evidence',
  'coercion_torture',
  'bribery_corruption',
  'procedural_violations',
  'ineffective_defense',
  'political_motive',
  'new_evidence',
  'disproportionate_sentence',
  'other',
] as const;
