import 'server-only';
import crypto from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '@/db/client';
import { invitations, recoveryCodes, users } from '@/db/schema';
import { enforceLimits, invitationAcceptLimits, invitationLimits } from '@/lib/accounts/limits';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/passwords';
import { encryptTotpSecret, hashRecoveryCode, newRecoveryCodes, verifyTotp } from '@/lib/auth/totp';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { appUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { enqueueMail } from '@/lib/mail/send';
import { staffInvitationMail } from '@/lib/mail/templates';
import { sha256Hex } from '@/lib/secrets';
import {
  acceptInvitationSchema,
  INVITATION_LIFETIME_MS,
  invitationIdSchema,
  invitationTokenField,
  inviteSchema,
  type AcceptInvitationInput,
  type InvitationIdInput,
  type InviteInput,
  type StaffRole,
} from '@/lib/validation/staff';
import type { RequestContext } from './admin';

/*
 * Staff join by invitation only: an admin names the address and the role, the invitee gets a
 * single-use link (only its SHA-256 is stored) valid for 72 hours, and accepting it creates the
 * account with a password and two-factor sign-in already on, in one transaction.
 */

function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

function acceptUrl(locale: Locale, token: string): string {
  return `${appUrl()}/${locale}/invitations/accept?token=${encodeURIComponent(token)}`;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

async function hasAccount(db: DbOrTx, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return !!row;
}

const pending = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

/**
 * Invites `email` as a reviewer, organizer or admin; the mail goes out in the invitee's language
 * if and only if the invitation is stored. An address with an account, or with an invitation
 * still open, is refused beside the e-mail field.
 */
export async function inviteStaff(db: Db, actor: CurrentUser | null, input: InviteInput, ctx: RequestContext = {}): Promise<{ invitationId: string }> {
  assertCan(actor, 'user.manage');
  const data = inviteSchema.parse(input);
  await enforceLimits(db, invitationLimits(actor.id));
  if (await hasAccount(db, data.email)) throw new AppError('CONFLICT', 'admin.invite.accountExists', 'email');
  const [open] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.email, data.email), pending, sql`${invitations.expiresAt} > now()`));
  if (open) throw new AppError('CONFLICT', 'admin.invite.alreadyInvited', 'email');

  const { token, hash } = newToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invitations)
      .values({ email: data.email, role: data.role, locale: data.locale, tokenHash: hash, invitedById: actor.id, expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS) })
      .returning({ id: invitations.id });
    await enqueueMail(tx, staffInvitationMail(data.locale, data.email, data.role, actor.name, acceptUrl(data.locale, token)));
    await recordAudit(tx, {
      actorId: actor.id,
      ip: ctx.ip,
      action: 'invitation.created',
      recordType: 'invitation',
      recordId: row!.id,
      data: { email: data.email, role: data.role, locale: data.locale },
    });
    return { invitationId: row!.id };
  });
}

/** Sends an open invitation again with a new link, valid 72 hours from now; the old link dies. */
export async function resendInvitation(db: Db, actor: CurrentUser | null, input: InvitationIdInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, 'user.manage');
  const { invitationId } = invitationIdSchema.parse(input);
  await enforceLimits(db, invitationLimits(actor.id));
  const { token, hash } = newToken();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash: hash, expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS) })
      .where(and(eq(invitations.id, invitationId), pending))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'admin.invite.notPending');
    // Someone may have signed up with this address since: a second account would be refused anyway.
    if (await hasAccount(tx, row.email)) throw new AppError('CONFLICT', 'admin.invite.accountExists');
    await enqueueMail(tx, staffInvitationMail(row.locale, row.email, row.role, actor.name, acceptUrl(row.locale, token)));
    await recordAudit(tx, { actorId: actor.id, ip: ctx.ip, action: 'invitation.resent', recordType: 'invitation', recordId: row.id, data: { email: row.email, role: row.role } });
  });
}

/** Revokes an open invitation: its link stops working at once. */
export async function revokeInvitation(db: Db, actor: CurrentUser | null, input: InvitationIdInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, 'user.manage');
  const { invitationId } = invitationIdSchema.parse(input);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invitations.id, invitationId), pending))
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!row) throw new AppError('CONFLICT', 'admin.invite.notPending');
    await recordAudit(tx, { actorId: actor.id, ip: ctx.ip, action: 'invitation.revoked', recordType: 'invitation', recordId: row.id, data: { email: row.email, role: row.role } });
  });
}

export type PendingInvitation = {
  id: string;
  email: string;
  role: StaffRole;
  locale: Locale;
  invitedByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  isExpired: boolean;
};

/** Invitations neither accepted nor revoked, newest first; expired ones too, so they can be sent again. */
export async function listPendingInvitations(actor: CurrentUser | null, db: Db = getDb()): Promise<PendingInvitation[]> {
  assertCan(actor, 'user.manage');
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      locale: invitations.locale,
      invitedByName: users.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      isExpired: sql<boolean>`${invitations.expiresAt} <= now()`,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedById))
    .where(pending)
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(200);
}

export type InvitationState =
  | { ok: true; email: string; role: StaffRole; locale: Locale }
  | { ok: false; reason: 'invalid' | 'used' | 'revoked' | 'expired' };

/** What a link is good for, without using it (the acceptance page's GET changes nothing). */
export async function checkInvitation(token: string, db: DbOrTx = getDb()): Promise<InvitationState> {
  if (!invitationTokenField.safeParse(token).success) return { ok: false, reason: 'invalid' };
  const [row] = await db
    .select({
      email: invitations.email,
      role: invitations.role,
      locale: invitations.locale,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      isExpired: sql<boolean>`${invitations.expiresAt} <= now()`,
    })
    .from(invitations)
    .where(eq(invitations.tokenHash, sha256Hex(token)));
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.acceptedAt) return { ok: false, reason: 'used' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.isExpired) return { ok: false, reason: 'expired' };
  return { ok: true, email: row.email, role: row.role, locale: row.locale };
}

function refusal(reason: Exclude<InvitationState, { ok: true }>['reason']): AppError {
  return new AppError('CONFLICT', `invitations.reasons.${reason}`);
}

/**
 * Accepts an invitation: checks the two-factor code against the secret shown on the page, then in
 * one transaction uses up the invitation (one UPDATE, so of two acceptances at once exactly one
 * wins) and creates the account with its role, a verified address, two-factor sign-in on and ten
 * recovery codes (stored hashed). Returns the recovery codes in clear, to be shown once.
 */
export async function acceptInvitation(db: Db, input: AcceptInvitationInput, ctx: RequestContext = {}): Promise<{ email: string; recoveryCodes: string[] }> {
  const data = acceptInvitationSchema.parse(input);
  await enforceLimits(db, invitationAcceptLimits(ctx.ip));
  const state = await checkInvitation(data.token, db);
  if (!state.ok) throw refusal(state.reason);
  const step = verifyTotp(data.totpSecret, data.code, null);
  if (step === null) throw new AppError('VALIDATION', 'invitations.codeWrong', 'code');

  const passwordHash = await hashPassword(data.password);
  const codes = newRecoveryCodes();
  try {
    return await db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ acceptedAt: sql`now()` })
        .where(and(eq(invitations.tokenHash, sha256Hex(data.token)), pending, sql`${invitations.expiresAt} > now()`))
        .returning();
      if (!invitation) {
        const now = await checkInvitation(data.token, tx);
        throw refusal(now.ok ? 'used' : now.reason);
      }
      const [user] = await tx
        .insert(users)
        .values({
          email: invitation.email,
          name: data.name,
          passwordHash,
          role: invitation.role,
          locale: invitation.locale,
          emailVerifiedAt: sql`now()`,
          totpSecret: encryptTotpSecret(data.totpSecret),
          totpEnabledAt: sql`now()`,
          totpLastStep: step,
        })
        .returning({ id: users.id });
      await tx.update(invitations).set({ userId: user!.id }).where(eq(invitations.id, invitation.id));
      await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId: user!.id, codeHash: hashRecoveryCode(code) })));
      await recordAudit(tx, {
        actorId: user!.id,
        ip: ctx.ip,
        action: 'invitation.accepted',
        recordType: 'invitation',
        recordId: invitation.id,
        data: { role: invitation.role, invitedById: invitation.invitedById },
      });
      return { email: invitation.email, recoveryCodes: codes };
    });
  } catch (error) {
    // An account with this address appeared since the invitation (a sign-up): the unique index decides.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'invitations.accountExists');
    throw error;
  }
}
