import 'server-only';
import { getDb } from '@/db/client';
import { requestIp } from '@/lib/auth/session';
import { peekAuthToken } from '@/lib/auth/tokens';
import { verifyEmail, type VerifyResult } from './mutations';

/**
 * Opening the e-mailed link confirms the address. Verification is idempotent in effect
 * (the account stays verified), so doing it on GET is safe; a reused link says so.
 */
export async function verifyEmailLink(token: string): Promise<VerifyResult> {
  return verifyEmail(getDb(), token, { ip: await requestIp() });
}

/** Whether a reset link can still be used, to show the form or explain why not. */
export async function checkResetLink(token: string): Promise<VerifyResult> {
  const check = await peekAuthToken(getDb(), token, 'reset_password');
  return check.ok ? { ok: true } : check;
}
