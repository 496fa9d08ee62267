import 'server-only';
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { petitions, signatures } from '@/db/schema';
import { appUrl, env } from '@/lib/env';
import type { Locale } from '@/lib/i18n/locales';
import { hitLimits } from '@/lib/limits';
import { enqueueMail } from '@/lib/mail/send';
import { signatureAlreadyConfirmedMail, signatureConfirmMail } from '@/lib/mail/templates';
import { hashIp, sha256Hex } from '@/lib/secrets';
import { confirmationSchema, signatureSchema, type SignatureInput } from '@/lib/validation/signatures';
import { memoize } from '@/lib/memo';
import { isPossibleSlug, takesSignatures } from './public';

/*
 * Signing by visitors: no account, so no assertCan. What protects a petition is that only a
 * confirmed address counts (one signature per address), the rate limits, and the honeypot.
 * Whatever happened to an address (new signature, link sent again, already confirmed), the
 * visitor is told the same "check your mail": the answer must not reveal who signed what.
 */

/** How long an e-mailed link works; signing again sends a fresh one. */
export const CONFIRMATION_LIFETIME_MS = 7 * 24 * 3600_000;

type Ctx = { ip?: string | null; locale: Locale };

export type SignOutcome =
  | { ok: true }
  | { ok: false; reason: 'notFound' | 'closed' }
  | { ok: false; reason: 'notYetOpen'; opensAt: Date }
  | { ok: false; reason: 'rateLimited'; retryAfterSeconds: number };

/**
 * The petition a signature is for, memoized for a second: during a spike every request names the
 * same one. A petition closed within that second still gets signatures that can never be
 * confirmed (confirmation checks the petition in SQL, never from here).
 */
const petitionForSigning = memoize(1000, async (slug: string) => {
  const [row] = await getDb()
    .select({ id: petitions.id, status: petitions.status, opensAt: petitions.opensAt, open: takesSignatures, titleKk: petitions.titleKk, titleRu: petitions.titleRu, titleEn: petitions.titleEn })
    .from(petitions)
    .where(eq(petitions.slug, slug));
  return row ?? null;
});

function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

/**
 * Records (or refreshes) an unconfirmed signature and mails the confirmation link. Throws a
 * ZodError for bad input, like every schema-validated entry point.
 */
export async function signPetition(slug: string, input: SignatureInput, ctx: Ctx, db: DbOrTx = getDb()): Promise<SignOutcome> {
  const data = signatureSchema.parse(input);
  // A robot filled the hidden field: it is told what a person would be, and nothing is stored.
  if (data.website?.trim()) return { ok: true };

  const limits = env();
  const ipKey = hashIp(ctx.ip);
  const limited = await hitLimits(db, [
    ...(ipKey ? [{ key: `sign:ip:${ipKey}`, limit: limits.PETITION_SIGN_PER_IP_PER_MINUTE, windowSeconds: 60 }] : []),
    { key: `sign:email:${sha256Hex(data.email)}`, limit: limits.PETITION_SIGN_PER_EMAIL_PER_HOUR, windowSeconds: 3600 },
  ]);
  if (!limited.ok) return { ok: false, reason: 'rateLimited', retryAfterSeconds: limited.retryAfterSeconds };

  if (!isPossibleSlug(slug)) return { ok: false, reason: 'notFound' };
  const petition = await petitionForSigning(slug);
  if (!petition || petition.status === 'draft') return { ok: false, reason: 'notFound' };
  if (!petition.open) return { ok: false, reason: 'closed' };
  if (petition.opensAt && petition.opensAt.getTime() > Date.now()) return { ok: false, reason: 'notYetOpen', opensAt: petition.opensAt };

  const { token, hash } = newToken();
  const title = { kk: petition.titleKk, ru: petition.titleRu, en: petition.titleEn }[ctx.locale].trim() || petition.titleRu;
  const petitionUrl = `${appUrl()}/${ctx.locale}/petitions/${slug}`;
  // The signature and its mail commit together.
  await db.transaction(async (tx) => {
    // One statement: a new signature, or a fresh link (and the latest details) for an unconfirmed one.
    // A confirmed signature is left as it is; the WHERE makes the statement return no row then.
    const [row] = await tx
      .insert(signatures)
      .values({
        petitionId: petition.id,
        name: data.name,
        email: data.email,
        regionCode: data.regionCode,
        isPublic: data.isPublic,
        tokenHash: hash,
        tokenExpiresAt: new Date(Date.now() + CONFIRMATION_LIFETIME_MS),
      })
      .onConflictDoUpdate({
        target: [signatures.petitionId, signatures.email],
        set: {
          name: sql`excluded.name`,
          regionCode: sql`excluded.region_code`,
          isPublic: sql`excluded.is_public`,
          tokenHash: sql`excluded.token_hash`,
          tokenExpiresAt: sql`excluded.token_expires_at`,
        },
        setWhere: sql`${signatures.confirmedAt} is null`,
      })
      .returning({ id: signatures.id });
    await enqueueMail(
      tx,
      row
        ? signatureConfirmMail(ctx.locale, data.email, data.name, title, `${petitionUrl}/confirm?token=${token}`)
        : signatureAlreadyConfirmedMail(ctx.locale, data.email, data.name, title, petitionUrl),
    );
  });
  return { ok: true };
}

export type TokenState = 'valid' | 'invalid' | 'expired' | 'confirmed' | 'closed';

export type ConfirmOutcome =
  | { ok: true; slug: string }
  | { ok: false; reason: Exclude<TokenState, 'valid'> }
  | { ok: false; reason: 'rateLimited'; retryAfterSeconds: number };

/**
 * Confirms the signature the token was sent for: one UPDATE, committed before the reply, so a
 * confirmation the visitor was told about is never lost. Using the link again changes nothing.
 */
export async function confirmSignature(token: string, ctx: { ip?: string | null }, db: DbOrTx = getDb()): Promise<ConfirmOutcome> {
  const parsed = confirmationSchema.safeParse({ token });
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const ipKey = hashIp(ctx.ip);
  if (ipKey) {
    const limited = await hitLimits(db, [{ key: `confirm:ip:${ipKey}`, limit: env().PETITION_CONFIRM_PER_IP_PER_MINUTE, windowSeconds: 60 }]);
    if (!limited.ok) return { ok: false, reason: 'rateLimited', retryAfterSeconds: limited.retryAfterSeconds };
  }
  const hash = sha256Hex(token);
  const [confirmed] = await db
    .update(signatures)
    .set({ confirmedAt: sql`now()` })
    .from(petitions)
    .where(
      and(
        eq(signatures.tokenHash, hash),
        sql`${signatures.confirmedAt} is null`,
        sql`${signatures.tokenExpiresAt} > now()`,
        eq(petitions.id, signatures.petitionId),
        takesSignatures,
      ),
    )
    .returning({ slug: petitions.slug });
  if (confirmed) return { ok: true, slug: confirmed.slug };
  const state = await tokenState(token, db);
  return { ok: false, reason: state.state === 'valid' ? 'invalid' : state.state };
}

/** What the confirmation page shows before the visitor confirms: read only. */
export async function tokenState(token: string, db: DbOrTx = getDb()): Promise<{ state: TokenState; petitionId?: string }> {
  if (!confirmationSchema.safeParse({ token }).success) return { state: 'invalid' };
  const [row] = await db
    .select({
      petitionId: signatures.petitionId,
      confirmedAt: signatures.confirmedAt,
      expired: sql<boolean>`${signatures.tokenExpiresAt} <= now()`,
      open: takesSignatures,
    })
    .from(signatures)
    .innerJoin(petitions, eq(petitions.id, signatures.petitionId))
    .where(eq(signatures.tokenHash, sha256Hex(token)));
  if (!row) return { state: 'invalid' };
  const state: TokenState = row.confirmedAt ? 'confirmed' : !row.open ? 'closed' : row.expired ? 'expired' : 'valid';
  return { state, petitionId: row.petitionId };
}
