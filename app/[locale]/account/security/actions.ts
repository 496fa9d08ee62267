'use server';

import { revalidatePath } from 'next/cache';
import {
  changePassword,
  confirmTwoFactorEnrollment,
  endOwnSessions,
  regenerateRecoveryCodes,
  startTwoFactorEnrollment,
  turnOffTwoFactor,
} from '@/lib/accounts/two-factor';
import { runAction } from '@/lib/actions/run';
import { changePasswordSchema, noInputSchema, totpCodeSchema, type ChangePasswordInput, type TotpCodeInput } from '@/lib/validation/account-security';

const page = '/[locale]/account/security';

/** After a change the page shows the new state (a QR code, "on", "off"). */
async function refreshing<T extends { ok: boolean }>(result: Promise<T>): Promise<T> {
  const value = await result;
  if (value.ok) revalidatePath(page, 'page');
  return value;
}

export async function startTwoFactorAction(input: Record<string, never>) {
  return refreshing(runAction(noInputSchema, input, (_data, { db, user }) => startTwoFactorEnrollment(db, user)));
}

export async function confirmTwoFactorAction(input: TotpCodeInput) {
  // Not revalidated here: the page would replace the recovery codes before the user saved them.
  return runAction(totpCodeSchema, input, (data, { db, user, ip }) => confirmTwoFactorEnrollment(db, user, data, { ip }));
}

export async function regenerateRecoveryCodesAction(input: TotpCodeInput) {
  return runAction(totpCodeSchema, input, (data, { db, user, ip }) => regenerateRecoveryCodes(db, user, data, { ip }));
}

export async function turnOffTwoFactorAction(input: TotpCodeInput) {
  return refreshing(runAction(totpCodeSchema, input, (data, { db, user, ip }) => turnOffTwoFactor(db, user, data, { ip })));
}

export async function changePasswordAction(input: ChangePasswordInput) {
  return runAction(changePasswordSchema, input, (data, { db, user, ip }) => changePassword(db, user, data, { ip }));
}

export async function endSessionsAction(input: Record<string, never>) {
  return runAction(noInputSchema, input, (_data, { db, user, ip }) => endOwnSessions(db, user, { ip }));
}
