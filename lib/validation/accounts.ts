import { z } from 'zod';
import { locales } from '@/lib/i18n/locales';

/*
 * Shared by the client forms (react-hook-form + zodResolver) and the server actions.
 * Messages are catalog keys under "validation"; the UI translates them.
 */

const commonPasswords = new Set([
  'password123', 'qwerty12345', '1234567890', '12345678910', 'qwertyuiop', 'password1234',
  'iloveyou123', 'admin12345', 'йцукенгшщз', 'qazwsxedcrfv', '1q2w3e4r5t', 'kazakhstan1',
]);

export const emailField = z
  .string('validation.required')
  .trim()
  .toLowerCase()
  .min(1, 'validation.required')
  .max(254, 'validation.emailInvalid')
  .email('validation.emailInvalid');

export const newPasswordField = z
  .string('validation.required')
  .min(1, 'validation.required')
  .min(10, 'validation.passwordTooShort')
  .max(128, 'validation.passwordTooLong')
  .refine((p) => !commonPasswords.has(p.toLowerCase()) && new Set(p).size >= 5, 'validation.passwordWeak');

export const signUpSchema = z.object({
  name: z.string('validation.required').trim().min(2, 'validation.nameTooShort').max(200, 'validation.nameTooLong'),
  email: emailField,
  password: newPasswordField,
  locale: z.enum(locales),
});
export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailField,
  // Length only: the stored hash decides; no hints about password rules on sign-in.
  password: z.string('validation.required').min(1, 'validation.required').max(128, 'validation.passwordTooLong'),
  /** The second factor, once the server asks for it: a code from the authenticator app or a recovery code. */
  code: z.string().trim().max(32, 'auth.codeInvalid').optional(),
});
export type SignInInput = z.input<typeof signInSchema>;

export const forgotPasswordSchema = z.object({ email: emailField, locale: z.enum(locales) });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1, 'validation.required'),
    password: newPasswordField,
    passwordConfirm: z.string('validation.required').min(1, 'validation.required'),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    message: 'validation.passwordsDiffer',
    path: ['passwordConfirm'],
  });
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

export const changeRoleSchema = z.object({
  userId: z.string().uuid('validation.invalid'),
  role: z.enum(['applicant', 'reviewer', 'organizer', 'admin'], 'validation.invalid'),
});
