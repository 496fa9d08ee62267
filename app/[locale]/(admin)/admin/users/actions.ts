'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { changeUserRole } from '@/lib/accounts/mutations';
import { runAction } from '@/lib/actions/run';
import { changeRoleSchema } from '@/lib/validation/accounts';

export async function changeRoleAction(input: z.input<typeof changeRoleSchema>) {
  const result = await runAction(changeRoleSchema, input, (data, { db, user, ip }) => changeUserRole(db, user, data, { ip }));
  if (result.ok) revalidatePath('/[locale]/admin/users', 'page');
  return result;
}
