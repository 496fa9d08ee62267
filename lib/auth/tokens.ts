import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authTokens } from '@/db/schema';
import { sha256Hex } from '@/lib/secrets';

type Purpose = (typeof authTokens.$inferSelect)['purpose'];

export const tokenLifetimeMs: Record<Purpose, number> = {
  verify_email: 48 * 3600_000,
  reset_password: 3600_000,
};

/** Creates a single-use token and returns it in clear; only its hash is stored. */
export async function createAuthToken(db: DbOrTx, userId: string, purpose: Purpose): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db.insert(authTokens).values({
    userId,
    purpose,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + tokenLifetimeMs[purpose]),
  });
  return token;
}

export type TokenCheck = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** Marks the token used, atomically, and returns its user; or why it cannot be used. */
export async function consumeAuthToken(db: DbOrTx, token: string, purpose: Purpose): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'invalid' };
  const hash = sha256Hex(token);
  const [row] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, hash), eq(authTokens.purpose, purpose)))
    .for('update');
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  await db.update(authTokens).set({ usedAt: new Date() }).where(eq(authTokens.id, row.id));
  return { ok: true, userId: row.userId };
}

/** Reads a token without using it (to show the reset form only for a usable link). */
export async function peekAuthToken(db: DbOrTx, token: string, purpose: Purpose): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'invalid' };
  const [row] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, sha256Hex(token)), eq(authTokens.purpose, purpose)));
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.userId };
}
