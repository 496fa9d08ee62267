'use server';

import { runAction } from '@/lib/actions/run';
import { deleteMyAccount } from '@/lib/privacy/deletion';
import { deleteAccountSchema, type DeleteAccountInput } from '@/lib/validation/privacy';

export async function deleteAccountAction(input: DeleteAccountInput) {
  return runAction(deleteAccountSchema, input, (data, { db, user, ip }) => deleteMyAccount(db, user, data, { ip }));
}
