import { z } from 'zod';
import { wholeNumberField } from './numbers';

const uuid = z.string('validation.required').uuid('validation.invalid');
const version = z.coerce.number('validation.invalid').int('validation.invalid').min(0, 'validation.invalid');

export const SLUG_MIN = 3;
export const SLUG_MAX = 80;
export const PETITION_TITLE_MAX = 200;
export const PETITION_BODY_MIN = 50;
export const PETITION_BODY_MAX = 20_000;
export const ADDRESSEE_MAX = 300;
export const SIGNATURE_GOAL_MAX = 10_000_000;

/** Lowercase latin letters, digits and inner hyphens: the slug is the public address. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Trimmed text between `min` and `max` characters, with one message per problem. */
const text = (min: number, max: number, tooShort: string, tooLong = 'validation.tooLong') =>
  z
    .string('validation.required')
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: 'validation.required' });
      else if (v.length < min) ctx.addIssue({ code: 'custom', message: tooShort });
      else if (v.length > max) ctx.addIssue({ code: 'custom', message: tooLong });
    });

const slug = z
  .string('validation.required')
  .trim()
  .superRefine((v, ctx) => {
    if (v === '') ctx.addIssue({ code: 'custom', message: 'validation.required' });
    else if (v.length > SLUG_MAX) ctx.addIssue({ code: 'custom', message: 'validation.tooLong' });
    else if (v.length < SLUG_MIN || !SLUG.test(v)) ctx.addIssue({ code: 'custom', message: 'validation.slugInvalid' });
  });

/**
 * The goal from a text input: digits, optionally grouped with spaces ("10 000"), coerced to a
 * whole number. A number (the value the client already parsed) passes through the same checks.
 */
const signatureGoal = wholeNumberField(1, SIGNATURE_GOAL_MAX, 'validation.goalRange');

/**
 * An optional calendar day as the browser's date input gives it (YYYY-MM-DD), past or future;
 * empty means "not set". The round trip through Date refuses days like 2026-02-30.
 */
const optionalDay = z
  .string()
  .default('')
  .superRefine((v, ctx) => {
    if (v === '') return;
    const isReal = /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    if (!isReal || v < '2000-01-01' || v > '2100-12-31') ctx.addIssue({ code: 'custom', message: 'validation.dateInvalid' });
  });

/** The petition form: the address, the text in all three languages, the addressee, goal and dates. */
export const petitionSchema = z
  .object({
    slug,
    titleKk: text(3, PETITION_TITLE_MAX, 'validation.petitionTitleTooShort'),
    titleRu: text(3, PETITION_TITLE_MAX, 'validation.petitionTitleTooShort'),
    titleEn: text(3, PETITION_TITLE_MAX, 'validation.petitionTitleTooShort'),
    bodyKk: text(PETITION_BODY_MIN, PETITION_BODY_MAX, 'validation.petitionTextTooShort', 'validation.narrativeTooLong'),
    bodyRu: text(PETITION_BODY_MIN, PETITION_BODY_MAX, 'validation.petitionTextTooShort', 'validation.narrativeTooLong'),
    bodyEn: text(PETITION_BODY_MIN, PETITION_BODY_MAX, 'validation.petitionTextTooShort', 'validation.narrativeTooLong'),
    addressee: text(3, ADDRESSEE_MAX, 'validation.addresseeTooShort'),
    signatureGoal,
    opensOn: optionalDay,
    closesOn: optionalDay,
  })
  .refine((value) => !value.opensOn || !value.closesOn || value.closesOn > value.opensOn, {
    // Plain string comparison is date order for YYYY-MM-DD.
    path: ['closesOn'],
    message: 'validation.closesBeforeOpens',
    // Checked whenever both days are readable, so it shows together with other fields' errors.
    // Runs even when the input is not an object at all (null from a crafted request): never throw.
    when: (payload) => {
      const value = payload.value as { opensOn?: unknown; closesOn?: unknown } | null | undefined;
      if (!value || typeof value !== 'object') return false;
      return optionalDay.safeParse(value.opensOn).success && optionalDay.safeParse(value.closesOn).success;
    },
  });
export type PetitionInput = z.input<typeof petitionSchema>;
export type PetitionData = z.output<typeof petitionSchema>;

export const createPetitionSchema = petitionSchema;
export type CreatePetitionInput = z.input<typeof createPetitionSchema>;

export const updatePetitionSchema = z.object({ petitionId: uuid, version, petition: petitionSchema });
export type UpdatePetitionInput = z.input<typeof updatePetitionSchema>;

/** Opening and closing: the page's version, and an explicit confirmation. */
export const petitionStatusChangeSchema = z.object({ petitionId: uuid, version, isConfirmed: z.literal(true, 'validation.confirmPetition') });
export type PetitionStatusChangeInput = z.input<typeof petitionStatusChangeSchema>;
