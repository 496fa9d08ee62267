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
