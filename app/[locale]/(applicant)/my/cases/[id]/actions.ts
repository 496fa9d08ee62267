'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/run';
import { postApplicantMessage, withdrawCase } from '@/lib/cases/messages';
import { postMessageSchema, withdrawCaseSchema, type PostMessageInput, type WithdrawCaseInput } from '@/lib/validation/case-messages';

export async function postMessageAction(input: PostMessageInput) {
  const result = await runAction(postMessageSchema, input, (data, { db, user, ip }) => postApplicantMessage(db, user, data, { ip }));
  if (result.ok) revalidatePath('/[locale]/my/cases/[id]', 'page');
  return result;
}

export async function withdrawCaseAction(input: WithdrawCaseInput) {
  const result = await runAction(withdrawCaseSchema, input, (data, { db, user, ip }) => withdrawCase(db, user, data, { ip }));
  if (result.ok) revalidatePath('/[locale]/my/cases/[id]', 'page');
  return result;
}
