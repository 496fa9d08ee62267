'use server';

import { runAction } from '@/lib/actions/run';
import { retryFailedMail } from '@/lib/mail/admin';
import { retryMailSchema, type RetryMailInput } from '@/lib/validation/mail';

/**
 * "Send again" on a failed mail. The page is not re-rendered: the row stays, with its button's
 * answer beside it, rather than vanishing under the admin's focus; the list is fresh at the next visit.
 */
export async function retryMailAction(input: RetryMailInput) {
  return runAction(retryMailSchema, input, (data, { db, user, ip }) => retryFailedMail(db, user, data, { ip }));
}
