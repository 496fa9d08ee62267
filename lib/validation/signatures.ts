import { z } from 'zod';
import { regionCodes } from '@/lib/reference/data';
import { emailField } from './accounts';

export const SIGNER_NAME_MAX = 100;

/** Shared by the public sign form (react-hook-form) and the signing route, which re-validates. */
export const signatureSchema = z.object({
  name: z
    .string('validation.required')
    .trim()
    .min(1, { message: 'validation.required', abort: true })
    .min(2, 'validation.nameTooShort')
    .max(SIGNER_NAME_MAX, 'validation.signerNameTooLong')
    // PostgreSQL cannot store U+0000 (refused here rather than failing the insert), nor a lone
    // surrogate in the queued mail's jsonb (made U+FFFD, as a text column would store it).
    .refine((v) => !v.includes('\u0000'), 'validation.invalid')
    .transform((v) => v.toWellFormed()),
  email: emailField,
  regionCode: z
    .string('validation.chooseYourRegion')
    .refine((code) => (regionCodes as string[]).includes(code), 'validation.chooseYourRegion'),
  isPublic: z.boolean('validation.invalid').default(false),
  /** The honeypot: hidden from people, filled in by form-filling robots. */
  website: z.string().max(2000, 'validation.tooLong').optional(),
});

export type SignatureInput = z.input<typeof signatureSchema>;

/** The e-mailed token: 32 random bytes in base64url. */
export const confirmationSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'validation.invalid') });
