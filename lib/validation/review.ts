import { z } from 'zod';
import { caseKindValues, caseStatusValues, groundValues } from '@/lib/cases/vocabulary';
import { COMMENT_REQUIRED_FROM, criterionKeys, MAX_CRITERION_SCORE, type CriterionKey } from '@/lib/review/rubric';

const uuid = z.string('validation.required').uuid('validation.invalid');
/** The case version the page was rendered with: a decision on a changed case is refused. */
const version = z.coerce.number('validation.invalid').int('validation.invalid').min(0, 'validation.invalid');
const text = (max: number) => z.string('validation.required').trim().max(max, 'validation.tooLong');

export const COMMENT_MAX = 2000;
export const DECISION_TEXT_MAX = 5000;
export const NOTE_MAX = 5000;

// ---------------------------------------------------------------------------------------------
// The queue's filters, from the URL. Anything odd falls back to the default instead of failing:
// a shared link with a stale value still opens the queue.

export const queueSorts = ['waiting', 'score', 'judgment'] as const;
export type QueueSort = (typeof queueSorts)[number];
export const reviewStatuses = caseStatusValues.filter((s) => s !== 'draft');

const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const queueFilterSchema = z.object({
  status: loose(z.enum(['open', 'all', ...reviewStatuses])).transform((v) => v ?? 'open'),
  region: loose(z.string().regex(/^[a-z_]{2,40}$/)),
  kind: loose(z.enum(caseKindValues)),
  ground: loose(z.enum(groundValues)),
  tag: loose(z.string().regex(/^[a-z0-9-]{1,60}$/)),
  assignee: loose(z.union([z.enum(['me', 'none', 'any']), z.string().uuid()])).transform((v) => v ?? 'any'),
  waiting: loose(z.coerce.number().int().min(1).max(3650)),
  // U+0000 cannot reach PostgreSQL (the query would fail): such a search is ignored like any odd value.
  q: loose(z.string().trim().min(1).max(100).refine((v) => !v.includes('\u0000'))),
  sort: loose(z.enum(queueSorts)).transform((v) => v ?? 'waiting'),
  page: loose(z.coerce.number().int().min(1).max(100_000)).transform((v) => v ?? 1),
});
export type QueueFilter = z.output<typeof queueFilterSchema>;

/** Search params as Next gives them (a repeated key is an array: the first value wins). */
export function parseQueueFilter(params: Record<string, string | string[] | undefined>): QueueFilter {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === '' ? undefined : v]));
  return queueFilterSchema.parse(flat);
}

// ---------------------------------------------------------------------------------------------
// Claiming and assignment.

const conflictDeclaration = {
  hasNoConflict: z.literal(true, 'validation.declareNoConflict'),
  conflictComment: text(COMMENT_MAX).default(''),
};

export const claimCaseSchema = z.object({ caseId: uuid, version, ...conflictDeclaration });
export type ClaimCaseInput = z.input<typeof claimCaseSchema>;

export const declareNoConflictSchema = z.object({ caseId: uuid, ...conflictDeclaration });
export type DeclareNoConflictInput = z.input<typeof declareNoConflictSchema>;

export const caseVersionSchema = z.object({ caseId: uuid, version });
export type CaseVersionInput = z.input<typeof caseVersionSchema>;

export const assignCaseSchema = z.object({ caseId: uuid, version, reviewerId: uuid });
export type AssignCaseInput = z.input<typeof assignCaseSchema>;

const caseIds = z.array(uuid, 'validation.selectCases').min(1, 'validation.selectCases').max(100, 'validation.tooMany');
export const bulkAssignSchema = z.object({ caseIds, reviewerId: uuid });
export type BulkAssignInput = z.input<typeof bulkAssignSchema>;
export const bulkTagSchema = z.object({ caseIds, tagId: uuid });
export type BulkTagInput = z.input<typeof bulkTagSchema>;

export const setCaseTagSchema = z.object({ caseId: uuid, tagId: uuid, isOn: z.boolean() });
export type SetCaseTagInput = z.input<typeof setCaseTagSchema>;

// ---------------------------------------------------------------------------------------------
// The assessment: a draft saves whatever is filled in; submitting needs every criterion scored,
// a comment wherever the score is 1 or more, and a rationale.

const scoreField = z.enum(['', '0', '1', '2', '3'], 'validation.invalid');
const criterionSchema = z.object({
  score: scoreField,
  comment: text(COMMENT_MAX),
  documentId: z.union([z.literal(''), uuid]),
  page: z.union([z.literal(''), z.string().regex(/^[1-9][0-9]{0,3}$/, 'validation.pageNumber')]),
});
export type CriterionInput = z.input<typeof criterionSchema>;

export const assessmentSchema = z
  .object({
    caseId: uuid,
    intent: z.enum(['draft', 'submit']),
    scores: z.object(Object.fromEntries(criterionKeys.map((k) => [k, criterionSchema])) as Record<CriterionKey, typeof criterionSchema>),
    rationale: text(DECISION_TEXT_MAX),
  })
  .superRefine((value, ctx) => {
    for (const key of criterionKeys) {
      const c = value.scores[key];
      if (c.page !== '' && c.documentId === '') ctx.addIssue({ code: 'custom', path: ['scores', key, 'documentId'], message: 'validation.citationDocument' });
      if (value.intent !== 'submit') continue;
      if (c.score === '') ctx.addIssue({ code: 'custom', path: ['scores', key, 'score'], message: 'validation.scoreRequired' });
      else if (Number(c.score) >= COMMENT_REQUIRED_FROM && c.comment === '')
        ctx.addIssue({ code: 'custom', path: ['scores', key, 'comment'], message: 'validation.commentRequired' });
    }
    if (value.intent === 'submit' && value.rationale.length < 20)
      ctx.addIssue({ code: 'custom', path: ['rationale'], message: 'validation.rationaleTooShort' });
  });
export type AssessmentInput = z.input<typeof assessmentSchema>;
export type AssessmentValues = z.output<typeof assessmentSchema>;

export function scoreValue(value: string): number | null {
  const n = Number(value);
  return value !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_CRITERION_SCORE ? n : null;
}

// ---------------------------------------------------------------------------------------------
// Decisions.

export const requestableItems = ['judgment', 'appellate_ruling', 'cassation_ruling', 'power_of_attorney', 'evidence', 'facts'] as const;
export const requestInfoSchema = z.object({
  caseId: uuid,
  version,
  items: z.array(z.enum(requestableItems)).default([]),
  message: text(DECISION_TEXT_MAX).min(10, 'validation.messageTooShort'),
});
export type RequestInfoInput = z.input<typeof requestInfoSchema>;

export const recommendSchema = z.object({ caseId: uuid, version, rationale: text(DECISION_TEXT_MAX).min(20, 'validation.rationaleTooShort') });
export type RecommendInput = z.input<typeof recommendSchema>;

export const confirmSchema = z.object({
  caseId: uuid,
  version,
  // The second reviewer declares too: they become the case's second assignment.
  hasNoConflict: z.literal(true, 'validation.declareNoConflict'),
  comment: text(COMMENT_MAX).default(''),
});
export type ConfirmInput = z.input<typeof confirmSchema>;

export const returnRecommendationSchema = z.object({ caseId: uuid, version, reason: text(DECISION_TEXT_MAX).min(10, 'validation.reasonTooShort') });
export type ReturnRecommendationInput = z.input<typeof returnRecommendationSchema>;

export const declineReasons = ['insufficient_grounds', 'appeals_available', 'outside_mandate', 'no_answer', 'duplicate', 'other'] as const;
export type DeclineReason = (typeof declineReasons)[number];
export const declineSchema = z.object({
  caseId: uuid,
  version,
  reason: z.enum(declineReasons, 'validation.chooseReason'),
  message: text(DECISION_TEXT_MAX).min(10, 'validation.messageTooShort'),
});
export type DeclineInput = z.input<typeof declineSchema>;

export const noteSchema = z.object({ caseId: uuid, body: text(NOTE_MAX).min(1, 'validation.messageEmpty') });
export type NoteInput = z.input<typeof noteSchema>;

export const staffMessageSchema = z.object({ caseId: uuid, body: text(DECISION_TEXT_MAX).min(1, 'validation.messageEmpty') });
export type StaffMessageInput = z.input<typeof staffMessageSchema>;
