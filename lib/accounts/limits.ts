import crypto from 'node:crypto';
import type { DbOrTx } from '@/db/client';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { hitLimits, type LimitRule } from '@/lib/limits';
import { authSecret, hashIp } from '@/lib/secrets';

/*
 * Rate limits on account actions, kept in PostgreSQL (lib/limits.ts) so they hold across app
 * instances. Keys never carry an address or e-mail in clear: both go through a keyed hash.
 *
 * Sign-in is not here: lib/auth/throttle.ts counts failed attempts per account and per client
 * address (5 and 20 free failures, then blocks doubling from 30 s to 15 minutes).
 */

const HOUR = 3600;
const DAY = 24 * HOUR;

/** A keyed hash for limit keys (an unkeyed SHA-256 of an e-mail is a dictionary lookup away). */
function keyed(kind: string, value: string): string {
  return crypto.createHmac('sha256', authSecret()).update(`limit:${kind}:${value}`).digest('hex').slice(0, 32);
}

function perIp(name: string, ip: string | null | undefined, limit: number, windowSeconds: number): LimitRule[] {
  const ipKey = hashIp(ip);
  return ipKey ? [{ key: `${name}:ip:${ipKey}`, limit, windowSeconds }] : [];
}

export function signUpLimits(ip: string | null | undefined): LimitRule[] {
  return perIp('sign-up', ip, env().SIGN_UP_PER_IP_PER_HOUR, HOUR);
}

export function passwordResetLimits(ip: string | null | undefined, email: string): LimitRule[] {
  const e = env();
  return [
    ...perIp('reset', ip, e.PASSWORD_RESET_PER_IP_PER_HOUR, HOUR),
    { key: `reset:email:${keyed('email', email.trim().toLowerCase())}`, limit: e.PASSWORD_RESET_PER_EMAIL_PER_HOUR, windowSeconds: HOUR },
  ];
}

export function invitationLimits(adminId: string): LimitRule[] {
  return [{ key: `invite:admin:${adminId}`, limit: env().INVITATIONS_PER_ADMIN_PER_DAY, windowSeconds: DAY }];
}

export function invitationAcceptLimits(ip: string | null | undefined): LimitRule[] {
  return perIp('invite-accept', ip, env().INVITATION_ACCEPT_PER_IP_PER_HOUR, HOUR);
}

/**
 * Counts one request against `rules` and throws RATE_LIMITED past any of them, with the minutes
 * until the window ends for the message ("Try again in 12 minutes."). Counted outside the
 * caller's transaction on purpose: a refused or failed attempt still counts.
 */
export async function enforceLimits(db: DbOrTx, rules: LimitRule[], now = new Date()): Promise<void> {
  const result = await hitLimits(db, rules, now);
  if (result.ok) return;
  const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
  throw new AppError('RATE_LIMITED', 'errors.tryAgainIn', undefined, undefined, { minutes });
}
