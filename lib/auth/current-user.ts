import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { isUuid } from '@/lib/validation/ids';
import { isSessionAlive, touchSession } from './sessions';

/** What the session token claims: the user, the session version it was issued under, the session row. */
export type TokenClaims = { uid?: unknown; sv?: unknown; sid?: unknown };

/**
 * The user a token's claims stand for, or null when they no longer hold: the account is disabled
 * or deleted, the session version moved on (password change, role change, "end all sessions"),
 * or the session row ended, sat idle too long or outlived its absolute lifetime. Records activity
 * on a live session. Free of Next's request scope, so it can be tested directly.
 */
export async function loadCurrentUser(db: DbOrTx, claims: TokenClaims | null | undefined, now = new Date()): Promise<CurrentUser | null> {
  const { uid, sv, sid } = claims ?? {};
  if (typeof uid !== 'string' || typeof sid !== 'string' || !isUuid(uid) || !isUuid(sid)) return null;
  // One statement: the user and the session row the token names.
  const [row] = await db
    .select({ user: users, session: { createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, endedAt: userSessions.endedAt } })
    .from(users)
    .innerJoin(userSessions, and(eq(userSessions.userId, users.id), eq(userSessions.id, sid)))
    .where(eq(users.id, uid));
  if (!row) return null;
  const { user } = row;
  if (user.disabledAt || user.deletedAt || user.sessionVersion !== sv) return null;
  if (!isSessionAlive(row.session, user.role, now)) return null;
  await touchSession(db, sid, row.session, now);
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, twoFactor: user.totpEnabledAt !== null };
}
