import { z } from 'zod';
import { locales } from '@/lib/i18n/locales';
import { regionCodes } from '@/lib/reference/data';
import { appealOutcomeValues as appealOutcomes, caseKindValues as caseKinds, currentSituationValues as currentSituations, groundValues as groundCodes } from '@/lib/cases/vocabulary';

/*
 * One schema per wizard step, shared by the client form and the server action. A step may be
 * saved incomplete (empty strings are allowed), but what is typed must be well-formed;
 * completeness is checked only on submission (lib/cases/intake.ts, missingForSubmission).
 */

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** An optional past date as the browser's date input gives it ("" or YYYY-MM-DD). */
const pastDate = z.string().superRefine((v, ctx) => {
  if (v === '') return;
  // One message per problem: a malformed date is not also "in the future".
  if (!isoDate.test(v) || Number.isNaN(Date.parse(v)) || v < '1950-01-01') ctx.addIssue({ code: 'custom', message: 'validation.dateInvalid' });
  else if (Date.parse(v) > Date.now()) ctx.addIssue({ code: 'custom', message: 'validation.dateInFuture' });
});
const digits = (max: number) =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') return;
      if (!/^\d+$/.test(v)) ctx.addIssue({ code: 'custom', message: 'validation.wholeNumber' });
      else if (Number(v) > max) ctx.addIssue({ code: 'custom', message: 'validation.numberTooLarge' });
    });
const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal(''), z.enum(values)], 'validation.invalid');

export const intakeSteps = ['who', 'case', 'appeals', 'grounds', 'documents', 'consents', 'review'] as const;
export type IntakeStep = (typeof intakeSteps)[number];

export {
  appealOutcomeValues as appealOutcomes,
  caseKindValues as caseKinds,
  currentSituationValues as currentSituations,
  groundValues as groundCodes,
} from '@/lib/cases/vocabulary';

export const NARRATIVE_MIN = 200;
export const NARRATIVE_MAX = 20_000;

export const whoStepSchema = z.object({
  filingFor: z.enum(['self', 'other'], 'validation.required'),
  relationship: text(200),
  convictedPersonName: text(200),
  contactPhone: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\+?[\d\s()-]{7,20}$/.test(v), 'validation.phoneInvalid'),
  contactLocale: z.enum(locales, 'validation.required'),
});

export const caseStepSchema = z.object({
  kind: optionalEnum(caseKinds),
  regionCode: z.union([z.literal(''), z.enum(regionCodes as [string, ...string[]])], 'validation.invalid'),
  courtName: text(300),
  caseNumber: text(100),
  judgmentDate: pastDate,
  judgeName: text(200),
  articles: z.array(z.object({ value: text(100) }), 'validation.invalid').max(30, 'validation.tooMany'),
  sentenceYears: digits(99),
  sentenceMonths: digits(11),
  fineKzt: digits(1_000_000_000_000),
  propertyLoss: text(2000),
  currentSituation: optionalEnum(currentSituations),
});

export const appealsStepSchema = z.object({
  appellateCourt: text(300),
  appellateDate: pastDate,
  appellateOutcome: optionalEnum(appealOutcomes),
  cassationFiled: z.enum(['', 'yes', 'no'], 'validation.invalid'),
  cassationDate: pastDate,
  cassationOutcome: optionalEnum(appealOutcomes),
  prosecutorRequests: z
    .array(z.object({ date: pastDate, answer: text(2000) }), 'validation.invalid')
    .max(10, 'validation.tooMany'),
});

export const groundsStepSchema = z.object({
  grounds: z.array(z.enum(groundCodes, 'validation.invalid'), 'validation.invalid').max(groundCodes.length),
  narrative: z.string().max(NARRATIVE_MAX, 'validation.narrativeTooLong'),
  requestedRemedy: text(5000),
});

export const consentsStepSchema = z.object({
  consentShareWithProsecutors: z.boolean('validation.invalid'),
  publicNaming: z.enum(['named', 'anonymized'], 'validation.required'),
});

export const stepSchemas = {
  who: whoStepSchema,
  case: caseStepSchema,
  appeals: appealsStepSchema,
  grounds: groundsStepSchema,
  consents: consentsStepSchema,
} as const;
export type FormStep = keyof typeof stepSchemas;
export type StepValues<S extends FormStep> = z.input<(typeof stepSchemas)[S]>;

/** What the save action receives: which step, for which draft. */
export const saveStepSchema = z.discriminatedUnion('step', [
  // The page gives a new draft its id before the first save, so a repeated first save
  // (double click, retry after a network failure) updates one draft instead of creating two.
  z.object({ step: z.literal('who'), caseId: z.string().uuid(), values: whoStepSchema }),
  z.object({ step: z.literal('case'), caseId: z.string().uuid(), values: caseStepSchema }),
  z.object({ step: z.literal('appeals'), caseId: z.string().uuid(), values: appealsStepSchema }),
  z.object({ step: z.literal('grounds'), caseId: z.string().uuid(), values: groundsStepSchema }),
  z.object({ step: z.literal('consents'), caseId: z.string().uuid(), values: consentsStepSchema }),
]);
export type SaveStepInput = z.input<typeof saveStepSchema>;

export const submitCaseSchema = z.object({ caseId: z.string().uuid() });
