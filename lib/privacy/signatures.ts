// No 'server-only' here: lib/boot.ts (instrumentation) starts the maintenance that uses this module.
import crypto from 'node:crypto';
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { petitions, signatures } from '@/db/schema';
import { takesSignatures } from '@/lib/petitions/signing-window';
import { authSecret } from '@/lib/secrets';

/*
 * What happens to signers' addresses. An address is kept only while it is needed: to confirm a
 * signature (7 days) and to keep one signature per address while the petition takes signatures.
 * After that, a keyed hash replaces it: a second signature with the same address is still
 * recognised, but the address itself can no longer be read from the database or a backup.
 *
 * A petition that stops taking signatures never takes them again (a closed petition cannot be
 * reopened, and an open petition's closing day cannot be changed), so signing and confirming
 * (lib/petitions/signing.ts), which only touch petitions that take signatures, never meet a
 * signature whose address was replaced.
 */

/** Unconfirmed signatures are kept this long: the confirmation link's lifetime. */
export const UNCONFIRMED_SIGNATURE_DAYS = 7;
const DAY_MS = 86_400_000;

let hashKey: Buffer | undefined;

/**
 * The key of the address hash, derived from the auth secret (never the secret itself) so that a
 * hash says nothing about any other keyed value. Rotating NEXTAUTH_SECRET changes every future
 * hash: duplicates are then detected only among signatures hashed with the same key.
 */
function signatureHashKey(): Buffer {
  hashKey ??= crypto.createHmac('sha256', authSecret()).update('redress/signature-email-hash/v1').digest();
  return hashKey;
}

/** HMAC-SHA-256 (hex) of an address, trimmed and lower-cased as signatures store it. */
export function signatureEmailHash(email: string): string {
  return crypto.createHmac('sha256', signatureHashKey()).update(email.trim().toLowerCase()).digest('hex');
}

/**
 * Deletes up to `limit` signatures never confirmed, created more than 7 days before `now` and
 * whose link has expired (signing again sends a fresh link, which is honoured to its end).
 * Unconfirmed signatures were never counted, so no count changes. Returns how many went.
 */
export async function purgeUnconfirmedSignatures(tx: DbOrTx, now: Date, limit: number): Promise<number> {
  const cutoff = new Date(now.getTime() - UNCONFIRMED_SIGNATURE_DAYS * DAY_MS);
  const stale = tx
    .select({ id: signatures.id })
    .from(signatures)
    .where(
      and(
        isNull(signatures.confirmedAt),
        lt(signatures.createdAt, cutoff),
        or(isNull(signatures.tokenExpiresAt), lt(signatures.tokenExpiresAt, now)),
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
  const deleted = await tx.delete(signatures).where(inArray(signatures.id, stale)).returning({ id: signatures.id });
  return deleted.length;
}

/**
 * Replaces the addresses of up to `limit` signatures of petitions that no longer take signatures
 * (closed, or past their closing day) by their keyed hash. A signature that slipped in just after
 * a petition closed (signing checks a petition memoized for a second) and repeats an address
 * already hashed is a duplicate that can never be confirmed: it is deleted. Returns how many
 * addresses were replaced.
 */
export async function hashClosedPetitionSignatures(tx: DbOrTx, limit: number): Promise<number> {
  const batch = await tx
    .select({ id: signatures.id, petitionId: signatures.petitionId, email: signatures.email })
    .from(signatures)
    .innerJoin(petitions, eq(petitions.id, signatures.petitionId))
    .where(and(isNotNull(signatures.email), sql`${petitions.status} <> 'draft'`, sql`not ${takesSignatures}`))
    .limit(limit)
    .for('update', { of: signatures, skipLocked: true });
  if (!batch.length) return 0;
  const hashed = batch.map((s) => ({ id: s.id, petitionId: s.petitionId, hash: signatureEmailHash(s.email!) }));
  const taken = await tx
    .select({ petitionId: signatures.petitionId, hash: signatures.emailHash })
    .from(signatures)
    .where(
      and(
        inArray(signatures.petitionId, [...new Set(hashed.map((h) => h.petitionId))]),
        inArray(
          signatures.emailHash,
          hashed.map((h) => h.hash),
        ),
      ),
    );
  const isTaken = new Set(taken.map((t) => `${t.petitionId}:${t.hash}`));
  const duplicates = hashed.filter((h) => isTaken.has(`${h.petitionId}:${h.hash}`));
  const unique = hashed.filter((h) => !isTaken.has(`${h.petitionId}:${h.hash}`));
  if (duplicates.length) {
    await tx.delete(signatures).where(
      inArray(
        signatures.id,
        duplicates.map((d) => d.id),
      ),
    );
  }
  if (unique.length) {
    // One statement for the batch: the hashes travel as a VALUES list.
    const values = sql.join(
      unique.map((h) => sql`(${h.id}::uuid, ${h.hash})`),
      sql`, `,
    );
    await tx.execute(sql`update ${signatures} s set email = null, email_hash = v.hash from (values ${values}) as v(id, hash) where s.id = v.id`);
  }
  return unique.length;
}
