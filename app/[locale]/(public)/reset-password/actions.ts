'use server';

import { resetPassword } from '@/lib/accounts/mutations';
import { runAction } from '@/lib/actions/run';
import { AppError } from '@/lib/errors';
import { resetPasswordSchema, type ResetPasswordInput } from '@/lib/validation/accounts';

const reasonKey = { invalid: 'auth.linkInvalid', expired: 'auth.linkExpired', used: 'auth.linkUsed' } as const;

export async function resetPasswordAction(input: ResetPasswordInput) {
  return runAction(resetPasswordSchema, input, async (data, { db, ip }) => {
    const result = await resetPassword(db, data, { ip });
    if (!result.ok) throw new AppError('VALIDATION', reasonKey[result.reason]);
  });
}
