import { z } from 'zod';
import { locales } from '@/lib/i18n/locales';
import { emailField, newPasswordField } from './accounts';

/*
 * Staff administration: the users list's filters, per-user actions, invitations and their
 * acceptance. Shared by the client forms and the server actions; messages are catalog keys.
 */

export const staffRoles = ['reviewer', 'organizer', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];
export const userRoles = ['applicant', ...staffRoles] as const;

// ---------------------------------------------------------------------------------------------
// The users list's filters, from the URL: anything odd falls back to the default.

export const userStatuses = ['any', 'active', 'disabled'] as const;

const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const userFilterSchema = z.object({
  role: loose(z.enum(userRoles)),
  status: loose(z.enum(userStatuses)).transform((v) => v ?? 'any'),
  // U+0000 cannot reach PostgreSQL (the query would fail): such a search is ignored like any odd value.
  q: loose(z.string().trim().min(1).max(100).refine((v) => !v.includes('\u0000'))),
  page: loose(z.coerce.number().int().min(1).max(100_000)).transform((v) => v ?? 1),
});
export type UserFilter = z.output<typeof userFilterSchema>;

/** Search params as Next gives them (a repeated key is an array: the first value wins). */
export function parseUserFilter(params: Record<string, string | string[] | undefined>): UserFilter {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === '' ? undefined : v]));
  return userFilterSchema.parse(flat);
}

// ---------------------------------------------------------------------------------------------
// Per-user actions.

const uuid = z.string('validation.required').uuid('validation.invalid');

export const userIdSchema = z.object({ userId: uuid });
export type UserIdInput = z.input<typeof userIdSchema>;

export const invitationIdSchema = z.object({ invitationId: uuid });
export type InvitationIdInput = z.input<typeof invitationIdSchema>;

// ---------------------------------------------------------------------------------------------
// Invitations.

export const INVITATION_LIFETIME_MS = 72 * 3600_000;

export const inviteSchema = z.object({
  email: emailField,
  role: z.enum(staffRoles, 'validation.required'),
  locale: z.enum(locales, 'validation.required'),
});
export type InviteInput = z.input<typeof inviteSchema>;

/** The link's token: 32 random bytes, base64url. */
export const invitationTokenField = z.string('validation.required').regex(/^[A-Za-z0-9_-]{20,100}$/, 'validation.invalid');

export const acceptInvitationSchema = z.object({
  token: invitationTokenField,
  name: z.string('validation.required').trim().min(2, 'validation.nameTooShort').max(200, 'validation.nameTooLong'),
  password: newPasswordField,
  /** The TOTP secret shown on the page (the invitee's own); 160 bits in base32. */
  totpSecret: z.string('validation.required').regex(/^[A-Z2-7]{32}$/, 'validation.invalid'),
  code: z
    .string('validation.required')
    .trim()
    .min(1, 'validation.required')
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'validation.sixDigitCode')),
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;
