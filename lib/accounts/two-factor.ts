import 'server-only';
import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '@/db/client';
import { recoveryCodes, users, type User } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { endAllSessions } from '@/lib/auth/sessions';
import { blockedUntil, recordFailure, throttleKeys } from '@/lib/auth/throttle';
import { decryptTotpSecret, encryptTotpSecret, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpQrSvg, totpUri, verifyTotp } from '@/lib/auth/totp';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { changePasswordSchema, totpCodeSchema, type ChangePasswordInput, type TotpCodeInput } from '@/lib/validation/account-security';

/*
 * Two-factor sign-in (TOTP from an authenticator app, plus ten single-use recovery codes) and the
 * other settings of one's own account: password and sessions. Required for staff (lib/authz),
 * optional for applicants.
 */

type Ctx = { ip?: string | null };
type Throttle = { key: string; free: number }[];

/** Six digits (spaces allowed) are an app code; anything else is tried as a recovery code. */
function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ''));
}

/**
 * Records that `step` was used, only if it is newer than the last accepted one. One conditional
 * UPDATE, so of two sign-ins racing with one code exactly one wins.
 */
async function claimTotpStep(db: DbOrTx, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), isNotNull(users.totpEnabledAt), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** A valid, unused app code for an enrolled user, claimed so it cannot be used again. */
async function acceptTotp(db: DbOrTx, user: Pick<User, 'id' | 'totpSecret' | 'totpLastStep'>, code: string): Promise<boolean> {
  if (!user.totpSecret) return false;
  const step = verifyTotp(decryptTotpSecret(user.totpSecret), code, user.totpLastStep);
  return step !== null && (await claimTotpStep(db, user.id, step));
}

/** Marks an unused recovery code used; false when there is no such unused code. */
async function consumeRecoveryCode(db: DbOrTx, userId: string, code: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}

async function countUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Replaces every recovery code of a user with `codes` (stored as keyed hashes only). */
async function replaceRecoveryCodes(db: DbOrTx, userId: string, codes: string[]): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
}

/**
 * The second step of signing in, for a user with two-factor on whose password was right: no code
 * asks for one ('auth.codeRequired', not a failure); a wrong, used or replayed code counts as a
 * failed sign-in in `throttle` and is audited; a recovery code works once.
 */
export async function checkSecondFactor(db: Db, user: User, code: string | undefined, throttle: Throttle, ctx: Ctx = {}): Promise<void> {
  const given = code?.trim() ?? '';
  if (!given) throw new AppError('UNAUTHENTICATED', 'auth.codeRequired', 'code');
  const method = isTotpCode(given) ? 'totp' : 'recovery';
  const isAccepted =
    method === 'totp'
      ? await acceptTotp(db, user, given)
      : await db.transaction(async (tx) => {
          if (!(await consumeRecoveryCode(tx, user.id, given))) return false;
          const left = await countUnusedRecoveryCodes(tx, user.id);
          await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'auth.recovery_code_used', recordType: 'user', recordId: user.id, data: { left } });
          return true;
        });
  if (!isAccepted) {
    await recordFailure(db, throttle);
    await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'auth.second_factor_failed', recordType: 'user', recordId: user.id, data: { method } });
    throw new AppError('UNAUTHENTICATED', 'auth.codeInvalid', 'code');
  }
}

export type AccountSecurity = {
  twoFactor: 'off' | 'pending' | 'on';
  enabledAt: Date | null;
  /**
   * An enrollment started but not confirmed: the secret for manual entry and its QR code (SVG,
   * rendered here on the server). Only ever shown to the account's owner.
   */
  enrollment: { secret: string; qrSvg: string } | null;
  recoveryCodesLeft: number;
  /** Staff must keep two-factor on. */
  mayTurnOff: boolean;
};

/** The security settings of one's own account, for the account security page. */
export async function getAccountSecurity(user: CurrentUser | null, db: Db = getDb()): Promise<AccountSecurity> {
  assertCan(user, 'account.own');
  const [row] = await db.select({ totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, user.id));
  if (!row) throw new AppError('NOT_FOUND');
  const isOn = row.totpEnabledAt !== null;
  const pendingSecret = !isOn && row.totpSecret ? decryptTotpSecret(row.totpSecret) : null;
  return {
    twoFactor: isOn ? 'on' : pendingSecret ? 'pending' : 'off',
    enabledAt: row.totpEnabledAt,
    enrollment: pendingSecret ? { secret: pendingSecret, qrSvg: await totpQrSvg(totpUri(pendingSecret, user.email)) } : null,
    recoveryCodesLeft: isOn ? await countUnusedRecoveryCodes(db, user.id) : 0,
    mayTurnOff: user.role === 'applicant',
  };
}

/**
 * Starts turning two-factor on: a new secret, stored encrypted as pending (totp_enabled_at still
 * null) so the confirming code is checked against what the server issued, never against a secret
 * sent back by the browser. Starting again replaces it.
 */
export async function startTwoFactorEnrollment(db: Db, user: CurrentUser | null): Promise<void> {
  assertCan(user, 'account.own');
  const rows = await db
    .update(users)
    .set({ totpSecret: encryptTotpSecret(newTotpSecret()), totpLastStep: null, updatedAt: new Date() })
    .where(and(eq(users.id, user.id), isNull(users.totpEnabledAt)))
    .returning({ id: users.id });
  if (rows.length === 0) throw new AppError('CONFLICT', 'accountSecurity.twoFactorAlreadyOn');
}

/**
 * Turns two-factor on once a code from the pending secret checks out. Returns ten new recovery
 * codes: shown once, stored hashed.
 */
export async function confirmTwoFactorEnrollment(db: Db, user: CurrentUser | null, input: TotpCodeInput, ctx: Ctx = {}): Promise<{ recoveryCodes: string[] }> {
  assertCan(user, 'account.own');
  const { code } = totpCodeSchema.parse(input);
  const codes = newRecoveryCodes();
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, user.id)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    if (row.totpEnabledAt) throw new AppError('CONFLICT', 'accountSecurity.twoFactorAlreadyOn');
    if (!row.totpSecret) throw new AppError('CONFLICT', 'accountSecurity.enrollmentMissing');
    const step = verifyTotp(decryptTotpSecret(row.totpSecret), code, null);
    if (step === null) throw new AppError('VALIDATION', 'auth.codeInvalid', 'code');
    await tx.update(users).set({ totpEnabledAt: new Date(), totpLastStep: step, updatedAt: new Date() }).where(eq(users.id, user.id));
    await replaceRecoveryCodes(tx, user.id, codes);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'auth.two_factor_enabled', recordType: 'user', recordId: user.id });
    return { recoveryCodes: codes };
  });
}

/**
 * For changes to an enrolled account: a current app code, used up like a sign-in code. Wrong codes
 * count against the account's sign-in throttle, so a stolen session cannot guess codes at speed.
 */
async function requireCurrentCode(db: Db, user: CurrentUser, code: string, purpose: string, ctx: Ctx): Promise<void> {
  const throttle = throttleKeys(user.email, null);
  if (await blockedUntil(db, throttle)) throw new AppError('RATE_LIMITED', 'auth.throttled');
  const [row] = await db.select().from(users).where(eq(users.id, user.id));
  if (!row) throw new AppError('NOT_FOUND');
  if (!row.totpEnabledAt) throw new AppError('CONFLICT', 'accountSecurity.twoFactorOff');
  if (!(await acceptTotp(db, row, code))) {
    await recordFailure(db, throttle);
    await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'auth.second_factor_failed', recordType: 'user', recordId: user.id, data: { method: 'totp', purpose } });
    throw new AppError('VALIDATION', 'auth.codeInvalid', 'code');
  }
}

/** Ten new recovery codes in place of the old ones (all of which stop working); needs a current code. */
export async function regenerateRecoveryCodes(db: Db, user: CurrentUser | null, input: TotpCodeInput, ctx: Ctx = {}): Promise<{ recoveryCodes: string[] }> {
  assertCan(user, 'account.own');
  const { code } = totpCodeSchema.parse(input);
  await requireCurrentCode(db, user, code, 'recovery_codes', ctx);
  const codes = newRecoveryCodes();
  await db.transaction(async (tx) => {
    await replaceRecoveryCodes(tx, user.id, codes);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'auth.recovery_codes_regenerated', recordType: 'user', recordId: user.id });
  });
  return { recoveryCodes: codes };
}

/** Turns two-factor off: applicants only (staff must keep it), with a current code. */
export async function turnOffTwoFactor(db: Db, user: CurrentUser | null, input: TotpCodeInput, ctx: Ctx = {}): Promise<void> {
  assertCan(user, 'account.own');
  if (user.role !== 'applicant') throw new AppError('FORBIDDEN', 'accountSecurity.staffNeedTwoFactor');
  const { code } = totpCodeSchema.parse(input);
  await requireCurrentCode(db, user, code, 'turn_off', ctx);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'auth.two_factor_disabled', recordType: 'user', recordId: user.id });
  });
}

/**
 * A new password, given the current one. Every session ends, this one included: the user signs in
 * again with the new password. Wrong current passwords count against the sign-in throttle.
 */
export async function changePassword(db: Db, user: CurrentUser | null, input: ChangePasswordInput, ctx: Ctx = {}): Promise<void> {
  assertCan(user, 'account.own');
  const data = changePasswordSchema.parse(input);
  const throttle = throttleKeys(user.email, null);
  if (await blockedUntil(db, throttle)) throw new AppError('RATE_LIMITED', 'auth.throttled');
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row) throw new AppError('NOT_FOUND');
  if (!(await verifyPassword(data.currentPassword, row.passwordHash))) {
    await recordFailure(db, throttle);
    await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'auth.password_change_failed', recordType: 'user', recordId: user.id });
    throw new AppError('VALIDATION', 'accountSecurity.currentPasswordWrong', 'currentPassword');
  }
  const passwordHash = await hashPassword(data.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    await endAllSessions(tx, user.id);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'auth.password_changed', recordType: 'user', recordId: user.id });
  });
}

/** "Sign out everywhere": ends every session of one's own account, this one included. */
export async function endOwnSessions(db: Db, user: CurrentUser | null, ctx: Ctx = {}): Promise<void> {
  assertCan(user, 'account.own');
  await db.transaction(async (tx) => {
    await endAllSessions(tx, user.id);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'auth.sessions_ended', recordType: 'user', recordId: user.id });
  });
}
