import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { hasRole, needsTwoFactorEnrollment, type Action, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { authOptions } from './options';
import { clientIp } from './client-ip';
import { loadCurrentUser, type TokenClaims } from './current-user';
import { getLocale } from 'next-intl/server';

/**
 * The signed-in user, checked against the database on every request: a disabled account or a
 * token issued before the last password reset or role change counts as signed out.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = (await getServerSession(authOptions())) as TokenClaims | null;
  return loadCurrentUser(getDb(), session);
});

export async function requestIp(): Promise<string | null> {
  return clientIp(await headers());
}

/**
 * For pages: the signed-in user allowed to `action`; otherwise sends a visitor to sign in and
 * renders the 403 page for a signed-in user whose role may not. Staff who have not turned on
 * two-factor sign-in are sent to do that first.
 */
export async function requirePageAccess(action: Action, returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  const actorId = user?.id ?? null;
  if (user && needsTwoFactorEnrollment(user) && action !== 'account.own') {
    // Staff without two-factor sign-in may only enroll: send them there rather than to a 403.
    redirect(`/${await getLocale()}/account/security?required=1`);
  }
  if (!hasRole(user, action)) {
    // Reaching a page one may not see is worth knowing about: probing, or a shared link.
    await recordAudit(getDb(), { actorId, ip: await requestIp(), action: 'access.denied', data: { permission: action, path: returnTo ?? null } });
  }
  if (!user) {
    const locale = await getLocale();
    // After signing in, the visitor comes back here (e.g. from an e-mailed link to their case).
    redirect(`/${locale}/sign-in${returnTo ? `?next=${encodeURIComponent(returnTo)}` : ''}`);
  }
  if (!hasRole(user, action)) forbidden();
  return user;
}
