import 'server-only';
import { getDb, type DbOrTx } from '@/db/client';
import type { CurrentUser } from '@/lib/authz';
import { env } from '@/lib/env';
import { hitLimits } from '@/lib/limits';

const HOUR = 3600;

/**
 * Counts one upload against the user's hourly allowance (UPLOADS_PER_USER_PER_HOUR, kept in
 * PostgreSQL so it holds across instances). Past it: a 429 answer with Retry-After and the
 * minutes to wait for the message; otherwise null. Route handlers call it after authorization
 * and before reading the body, so a refused upload costs no transfer.
 */
export async function refuseIfUploadingTooFast(user: CurrentUser, options: { db?: DbOrTx; now?: Date } = {}): Promise<Response | null> {
  const result = await hitLimits(options.db ?? getDb(), [{ key: `upload:user:${user.id}`, limit: env().UPLOADS_PER_USER_PER_HOUR, windowSeconds: HOUR }], options.now);
  if (result.ok) return null;
  const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
  return Response.json(
    { ok: false, error: 'documents.rateLimited', values: { minutes } },
    { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds), 'Cache-Control': 'no-store' } },
  );
}
