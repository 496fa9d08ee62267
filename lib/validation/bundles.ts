import { z } from 'zod';
import { caseKindValues, groundValues } from '@/lib/cases/vocabulary';
import { regionCodes } from '@/lib/reference/data';

const uuid = z.string('validation.required').uuid('validation.invalid');
const version = z.coerce.number('validation.invalid').int('validation.invalid').min(0, 'validation.invalid');

export const TITLE_MAX = 300;
export const COVER_LETTER_MAX = 50_000;
export const SUMMARY_MAX = 10_000;

export const bundleAddressees = ['prosecutor_general', 'regional_prosecutor'] as const;
export const bundleLanguages = ['kk', 'ru', 'en'] as const;

/** The bundle's settings: title, addressee (a regional prosecutor needs the region), theme, language. */
export const bundleSettingsSchema = z
  .object({
    title: z.string('validation.required').trim().min(3, 'validation.titleTooShort').max(TITLE_MAX, 'validation.tooLong'),
    addressee: z.enum(bundleAddressees, 'validation.required'),
    addresseeRegionCode: z
      .string()
      .refine((v) => v === '' || regionCodes.includes(v), 'validation.chooseRegion')
      .default(''),
    themeTagId: z.union([z.literal(''), uuid]).default(''),
    language: z.enum(bundleLanguages, 'validation.required'),
  })
  .superRefine((value, ctx) => {
    if (value.addressee === 'regional_prosecutor' && !value.addresseeRegionCode)
      ctx.addIssue({ code: 'custom', path: ['addresseeRegionCode'], message: 'validation.chooseRegion' });
  });
export type BundleSettingsInput = z.input<typeof bundleSettingsSchema>;

export const createBundleSchema = bundleSettingsSchema;
export type CreateBundleInput = z.input<typeof createBundleSchema>;

export const updateBundleSchema = z.object({ bundleId: uuid, version, settings: bundleSettingsSchema });
export type UpdateBundleInput = z.input<typeof updateBundleSchema>;

export const bundleCaseSchema = z.object({ bundleId: uuid, version, caseId: uuid });
export type BundleCaseInput = z.input<typeof bundleCaseSchema>;

export const moveBundleCaseSchema = z.object({ bundleId: uuid, version, caseId: uuid, direction: z.enum(['up', 'down']) });
export type MoveBundleCaseInput = z.input<typeof moveBundleCaseSchema>;

export const bundleSummarySchema = z.object({
  bundleId: uuid,
  version,
  caseId: uuid,
  summary: z.string('validation.required').trim().min(20, 'validation.summaryTooShort').max(SUMMARY_MAX, 'validation.tooLong'),
});
export type BundleSummaryInput = z.input<typeof bundleSummarySchema>;

export const coverLetterSchema = z.object({
  bundleId: uuid,
  version,
  coverLetter: z.string('validation.required').trim().min(50, 'validation.coverLetterTooShort').max(COVER_LETTER_MAX, 'validation.tooLong'),
});
export type CoverLetterInput = z.input<typeof coverLetterSchema>;

export const finalizeBundleSchema = z.object({ bundleId: uuid, version, isConfirmed: z.literal(true, 'validation.confirmFinalize') });
export type FinalizeBundleInput = z.input<typeof finalizeBundleSchema>;

const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** Filters of the "add cases" panel, from the URL. */
export const candidateFilterSchema = z.object({
  tag: loose(z.string().regex(/^[a-z0-9-]{1,60}$/)),
  region: loose(z.string().regex(/^[a-z_]{2,40}$/)),
  kind: loose(z.enum(caseKindValues)),
  ground: loose(z.enum(groundValues)),
  minScore: loose(z.coerce.number().int().min(0).max(100)),
  page: loose(z.coerce.number().int().min(1).max(10_000)).transform((v) => v ?? 1),
});
export type CandidateFilter = z.output<typeof candidateFilterSchema>;

export function parseCandidateFilter(params: Record<string, string | string[] | undefined>): CandidateFilter {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === '' ? undefined : v]));
  return candidateFilterSchema.parse(flat);
}

export const REGISTRY_NUMBER_MAX = 100;
export const OUTCOME_NOTE_MAX = 5_000;
export const protestOutcomes = ['protest_brought', 'protest_refused'] as const;

/** A required past date as the browser's date input gives it (YYYY-MM-DD). */
const pastDay = z.string('validation.required').superRefine((v, ctx) => {
  if (v === '') ctx.addIssue({ code: 'custom', message: 'validation.required' });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)) || v < '2000-01-01') ctx.addIssue({ code: 'custom', message: 'validation.dateInvalid' });
  else if (Date.parse(v) > Date.now()) ctx.addIssue({ code: 'custom', message: 'validation.dateInFuture' });
});

/** Handing the finalized bundle in: the date, the office's registry number, the stamped cover letter. */
export const submitBundleSchema = z.object({
  bundleId: uuid,
  version,
  submittedOn: pastDay,
  registryNumber: z.string('validation.required').trim().min(1, 'validation.required').max(REGISTRY_NUMBER_MAX, 'validation.tooLong'),
  stampedCoverId: z.string('validation.attachmentRequired').uuid('validation.attachmentRequired'),
});
export type SubmitBundleInput = z.input<typeof submitBundleSchema>;

/** The prosecutor's answer: the date, the reply document, and an outcome for every filed case. */
export const recordAnswerSchema = z.object({
  bundleId: uuid,
  version,
  answeredOn: pastDay,
  answerId: z.string('validation.attachmentRequired').uuid('validation.attachmentRequired'),
  outcomes: z
    .array(
      z.object({
        caseId: uuid,
        outcome: z.enum(protestOutcomes, 'validation.chooseOutcome'),
        note: z.string().trim().max(OUTCOME_NOTE_MAX, 'validation.tooLong').default(''),
      }),
    )
    .min(1, 'validation.required'),
});
export type RecordAnswerInput = z.input<typeof recordAnswerSchema>;
