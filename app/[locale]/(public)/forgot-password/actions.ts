'use server';

import { requestPasswordReset } from '@/lib/accounts/mutations';
import { runAction } from '@/lib/actions/run';
import { forgotPasswordSchema, type ForgotPasswordInput } from '@/lib/validation/accounts';

export async function forgotPasswordAction(input: ForgotPasswordInput) {
  return runAction(forgotPasswordSchema, input, (data, { db, ip }) => requestPasswordReset(db, data, { ip }));
}
