import { z } from 'zod';
import { newPasswordField } from './accounts';

/*
 * The forms of the account security page (two-factor sign-in, password, sessions), shared by the
 * client forms and the server actions. Messages are catalog keys.
 */

/** A code from the authenticator app: six digits, spaces allowed ("123 456" as some apps show it). */
export const totpCodeSchema = z.object({
  code: z
    .string('validation.required')
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'validation.required').regex(/^\d{6}$/, 'validation.totpCodeFormat')),
});
export type TotpCodeInput = z.input<typeof totpCodeSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string('validation.required').min(1, 'validation.required').max(128, 'validation.passwordTooLong'),
    newPassword: newPasswordField,
    newPasswordConfirm: z.string('validation.required').min(1, 'validation.required'),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, { message: 'validation.passwordsDiffer', path: ['newPasswordConfirm'] });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** Actions that take no input (start enrollment, sign out everywhere). */
export const noInputSchema = z.object({}).strict();
