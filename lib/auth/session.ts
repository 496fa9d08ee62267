import 'server-only';
import { cache } from 'react';
import { and, eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { isUuid } from '@/lib/validation/ids';
import { hasRole, type Action, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { authOptions } from './options';
import { clientIp } from './client-ip';
import { isSessionAlive, touchSession } from './sessions';
import { getLocale } from 'next-intl/server';

/**
 * The signed-in user, checked against the database on every request: a disabled account or a
 * token issued before the last password reset or role change counts as signed out.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = (await getServerSession(authOptions())) as { uid?: string; sv?: number; sid?: string } | null;
  if (!session?.uid || !session.sid || !isUuid(session.uid) || !isUuid(session.sid)) return null;
  const db = getDb();
  // One statement: the user and the session row the token names.
  const [row] = await db
    .select({ user: users, session: { createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, endedAt: userSessions.endedAt } })
    .from(users)
    .innerJoin(userSessions, and(eq(userSessions.userId, users.id), eq(userSessions.id, session.sid)))
    .where(eq(users.id, session.uid));
  if (!row) return null;
  const { user } = row;
  if (user.disabledAt || user.deletedAt || user.sessionVersion !== session.sv) return null;
  if (!isSessionAlive(row.session, user.role)) return null;
  await touchSession(db, session.sid, row.session);
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
});

export async function requestIp(): Promise<string | null> {
  return clientIp(await headers());
}

/**
 * For pages: the signed-in user allowed to `action`; otherwise sends a visitor to sign in and
 * renders the 403 page for a signed-in user whose role may not.
 */
export async function requirePageAccess(action: Action, returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  const actorId = user?.id ?? null;
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
