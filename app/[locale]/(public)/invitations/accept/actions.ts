'use server';

import { runAction } from '@/lib/actions/run';
import { acceptInvitation } from '@/lib/users/invitations';
import { acceptInvitationSchema, type AcceptInvitationInput } from '@/lib/validation/staff';

/** Public: the invitation's single-use token is what authorizes it (lib/users/invitations.ts). */
export async function acceptInvitationAction(input: AcceptInvitationInput) {
  return runAction(acceptInvitationSchema, input, (data, { db, ip }) => acceptInvitation(db, data, { ip }));
}
