import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { userSessions, users, type Role } from '@/db/schema';
import { hashIp } from '@/lib/secrets';

/**
 * Server-side session rows behind the JWT (OWASP ASVS 5.0 chapter 7). The token only names a
 * session; the row decides whether it is still alive, so sign-out, a password change, disabling
 * an account and "end all sessions" take effect on the very next request.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Idle timeout and absolute lifetime per role: staff see allegations and prison documents. */
export const sessionLimits: Record<Role, { idleMs: number; absoluteMs: number }> = {
  applicant: { idleMs: 24 * HOUR, absoluteMs: 7 * 24 * HOUR },
  reviewer: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  organizer: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  admin: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
};

/** lastSeenAt is written at most this often per session: one small UPDATE a minute, not one per request. */
const TOUCH_EVERY_MS = MINUTE;

/** A new session row for a successful sign-in; its id goes into the new token. */
export async function startSession(db: DbOrTx, userId: string, ip?: string | null): Promise<string> {
  const [row] = await db.insert(userSessions).values({ userId, ipHash: hashIp(ip) }).returning({ id: userSessions.id });
  return row!.id;
}

export type SessionRow = { createdAt: Date; lastSeenAt: Date; endedAt: Date | null };

/** Whether a session of a user with `role` is still alive at `now`. */
export function isSessionAlive(session: SessionRow, role: Role, now = new Date()): boolean {
  if (session.endedAt) return false;
  const limits = sessionLimits[role];
  return now.getTime() - session.lastSeenAt.getTime() < limits.idleMs && now.getTime() - session.createdAt.getTime() < limits.absoluteMs;
}

/** Records activity on a live session (at most once a minute). */
export async function touchSession(db: DbOrTx, sessionId: string, session: SessionRow, now = new Date()): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_EVERY_MS) return;
  await db.update(userSessions).set({ lastSeenAt: now }).where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)));
}

export async function endSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(userSessions).set({ endedAt: new Date() }).where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)));
}

/**
 * Ends every session of a user (password change, disabling, an admin's "end all sessions"): the
 * rows end and the session version moves on, so even a token minted before rows existed dies.
 */
export async function endAllSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.update(userSessions).set({ endedAt: new Date() }).where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)));
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}
