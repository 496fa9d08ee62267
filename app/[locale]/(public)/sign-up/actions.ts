'use server';

import { signUp } from '@/lib/accounts/mutations';
import { runAction } from '@/lib/actions/run';
import { signUpSchema, type SignUpInput } from '@/lib/validation/accounts';

export async function signUpAction(input: SignUpInput) {
  return runAction(signUpSchema, input, async (data, { db, ip }) => {
    await signUp(db, data, { ip });
    return { email: data.email };
  });
}
