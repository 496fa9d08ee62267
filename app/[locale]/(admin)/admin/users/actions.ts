'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { runAction } from '@/lib/actions/run';
import type { ActionResult } from '@/lib/actions/result';
import { changeUserRole, disableUser, enableUser, endUserSessions } from '@/lib/users/admin';
import { inviteStaff, resendInvitation, revokeInvitation } from '@/lib/users/invitations';
import { changeRoleSchema } from '@/lib/validation/accounts';
import { invitationIdSchema, inviteSchema, userIdSchema, type InvitationIdInput, type InviteInput, type UserIdInput } from '@/lib/validation/staff';

async function refreshed<T>(result: Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const value = await result;
  if (value.ok) revalidatePath('/[locale]/admin/users', 'page');
  return value;
}

export async function changeRoleAction(input: z.input<typeof changeRoleSchema>) {
  return refreshed(runAction(changeRoleSchema, input, (data, { db, user, ip }) => changeUserRole(db, user, data, { ip })));
}

export async function disableUserAction(input: UserIdInput) {
  return refreshed(runAction(userIdSchema, input, (data, { db, user, ip }) => disableUser(db, user, data, { ip })));
}

export async function enableUserAction(input: UserIdInput) {
  return refreshed(runAction(userIdSchema, input, (data, { db, user, ip }) => enableUser(db, user, data, { ip })));
}

export async function endSessionsAction(input: UserIdInput) {
  return refreshed(runAction(userIdSchema, input, (data, { db, user, ip }) => endUserSessions(db, user, data, { ip })));
}

export async function inviteAction(input: InviteInput) {
  return refreshed(
    runAction(inviteSchema, input, async (data, { db, user, ip }) => {
      await inviteStaff(db, user, data, { ip });
      return { email: data.email };
    }),
  );
}

export async function resendInvitationAction(input: InvitationIdInput) {
  return refreshed(runAction(invitationIdSchema, input, (data, { db, user, ip }) => resendInvitation(db, user, data, { ip })));
}

export async function revokeInvitationAction(input: InvitationIdInput) {
  return refreshed(runAction(invitationIdSchema, input, (data, { db, user, ip }) => revokeInvitation(db, user, data, { ip })));
}
