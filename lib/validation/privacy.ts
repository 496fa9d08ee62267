import { z } from 'zod';
import { wholeNumberField } from './numbers';

/**
 * Deleting one's account: the address typed again as the confirmation, and the password (a
 * stolen session alone must not be enough to erase someone's cases). Whether the address is the
 * right one is checked on the server, beside the field.
 */
export const deleteAccountSchema = z.object({
  confirmation: z.string('validation.required').trim().min(1, 'validation.typeEmailToConfirm').max(254, 'validation.typeEmailToConfirm'),
  password: z.string('validation.required').min(1, 'validation.required').max(128, 'validation.passwordTooLong'),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;

/** Bounds of the retention of declined cases: at least a month (time to ask why), at most ten years. */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;
/** Two years, the default of issue 7. */
export const DEFAULT_DECLINED_RETENTION_DAYS = 730;

/** Days from a text input (digits, spaces allowed), or a number the client already parsed. */
const retentionDays = wholeNumberField(RETENTION_MIN_DAYS, RETENTION_MAX_DAYS, 'validation.retentionRange');

export const retentionSettingsSchema = z.object({ declinedDays: retentionDays });
export type RetentionSettingsInput = z.input<typeof retentionSettingsSchema>;
