import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword, verifyPassword, burnPasswordCheck } from '@/lib/auth/passwords';
import { blockedUntil, clearFailures, recordFailure, throttleKeys } from '@/lib/auth/throttle';
import { consumeAuthToken, createAuthToken } from '@/lib/auth/tokens';
import { appUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { enqueueMail } from '@/lib/mail/send';
import { resetPasswordMail, verifyEmailMail } from '@/lib/mail/templates';
import { hashEmail, hashIp } from '@/lib/secrets';
import { endAllSessions } from '@/lib/auth/sessions';
import { checkSecondFactor } from './two-factor';
import { enforceLimits, passwordResetLimits, signUpLimits } from './limits';
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  type ForgotPasswordInput,
  type ResetPasswordInput,
  type SignInInput,
  type SignUpInput,
} from '@/lib/validation/accounts';

export type RequestContext = { ip?: string | null };

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: sql`lower(${users.email}) = ${email.trim().toLowerCase()}` });
}

/** Creates an unverified applicant and e-mails a verification link. */
export async function signUp(db: Db, input: SignUpInput, ctx: RequestContext = {}): Promise<{ userId: string }> {
  const data = signUpSchema.parse(input);
  // Before the address check, so the form cannot be used to test addresses at speed.
  await enforceLimits(db, signUpLimits(ctx.ip));
  if (await findUserByEmail(db, data.email)) throw new AppError('CONFLICT', 'validation.emailTaken', 'email');
  const passwordHash = await hashPassword(data.password);
  let created: { userId: string; token: string };
  try {
    created = await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: data.email, name: data.name, passwordHash, role: 'applicant', locale: data.locale })
        .returning({ id: users.id });
      const token = await createAuthToken(tx, user!.id, 'verify_email');
      await recordAudit(tx, { actorId: user!.id, ip: ctx.ip, action: 'auth.sign_up', recordType: 'user', recordId: user!.id });
      await enqueueMail(tx, verifyEmailMail(data.locale, data.email, data.name, linkTo(data.locale, '/verify-email', token)));
      return { userId: user!.id, token };
    });
  } catch (error) {
    // Two sign-ups with one address at once: the unique index decides.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'validation.emailTaken', 'email');
    throw error;
  }
  return { userId: created.userId };
}

function linkTo(locale: Locale, path: string, token: string): string {
  return `${appUrl()}/${locale}${path}?token=${encodeURIComponent(token)}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

export async function verifyEmail(db: Db, token: string, ctx: RequestContext = {}): Promise<VerifyResult> {
  return db.transaction(async (tx) => {
    const check = await consumeAuthToken(tx, token, 'verify_email');
    if (!check.ok) return check;
    await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, check.userId));
    await recordAudit(tx, { actorId: check.userId, ip: ctx.ip, action: 'auth.email_verified', recordType: 'user', recordId: check.userId });
    return { ok: true } as const;
  });
}

/** Sends a fresh verification link to an unverified account. Says nothing about whether it exists. */
export async function resendVerification(db: Db, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user || user.emailVerifiedAt || user.disabledAt) return;
  await db.transaction(async (tx) => {
    const token = await createAuthToken(tx, user.id, 'verify_email');
    await enqueueMail(tx, verifyEmailMail(user.locale, user.email, user.name, linkTo(user.locale, '/verify-email', token)));
  });
}

/**
 * Always answers the same way, whether or not the address has an account, so the form
 * reveals nothing. Only real, enabled accounts get a mail.
 */
export async function requestPasswordReset(db: Db, input: ForgotPasswordInput, ctx: RequestContext = {}): Promise<void> {
  const data = forgotPasswordSchema.parse(input);
  // Counted for every address, existing or not, so a refusal reveals nothing either.
  await enforceLimits(db, passwordResetLimits(ctx.ip, data.email));
  const user = await findUserByEmail(db, data.email);
  await recordAudit(db, {
    actorId: user?.id ?? null,
    ip: ctx.ip,
    action: 'auth.password_reset_requested',
    recordType: 'user',
    recordId: user?.id,
  });
  if (!user || user.disabledAt) return;
  await db.transaction(async (tx) => {
    const token = await createAuthToken(tx, user.id, 'reset_password');
    await enqueueMail(tx, resetPasswordMail(user.locale, user.email, user.name, linkTo(user.locale, '/reset-password', token)));
  });
}

export async function resetPassword(db: Db, input: ResetPasswordInput, ctx: RequestContext = {}): Promise<VerifyResult> {
  const data = resetPasswordSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const check = await consumeAuthToken(tx, data.token, 'reset_password');
    if (!check.ok) return check;
    // A new password signs out every existing session (rows ended, version bumped); the link also proves the address.
    await tx
      .update(users)
      .set({
        passwordHash,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, check.userId));
    await endAllSessions(tx, check.userId);
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, check.userId));
    if (user) await clearFailures(tx, throttleKeys(user.email, null)[0]!.key);
    await recordAudit(tx, { actorId: check.userId, ip: ctx.ip, action: 'auth.password_reset', recordType: 'user', recordId: check.userId });
    return { ok: true } as const;
  });
}

export type AuthenticatedUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'locale' | 'sessionVersion'>;

/**
 * Checks a sign-in attempt. Throws AppError RATE_LIMITED while throttled, 'auth.emailNotVerified'
 * for an unverified applicant (only after the right password), and one generic error otherwise.
 * With two-factor on, the right password is followed by the code (lib/accounts/two-factor.ts):
 * 'auth.codeRequired' without one, 'auth.codeInvalid' for a wrong, used or replayed one.
 */
export async function authenticate(db: Db, input: SignInInput, ctx: RequestContext = {}): Promise<AuthenticatedUser> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', 'auth.invalidCredentials');
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, hashIp(ctx.ip));
  const until = await blockedUntil(db, keys);
  if (until) {
    await recordAudit(db, { ip: ctx.ip, action: 'auth.sign_in_throttled', data: { emailHash: hashEmail(email) } });
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    throw new AppError('RATE_LIMITED', 'auth.throttled', undefined, undefined, { minutes });
  }
  const user = await findUserByEmail(db, email);
  const isValid = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !isValid || user.disabledAt) {
    await recordFailure(db, keys);
    await recordAudit(db, { actorId: user?.id ?? null, ip: ctx.ip, action: 'auth.sign_in_failed', data: { emailHash: hashEmail(email) } });
    throw new AppError('UNAUTHENTICATED', 'auth.invalidCredentials');
  }
  // With two-factor on, a right password alone clears nothing: wrong codes must keep counting.
  const hasSecondFactor = user.totpEnabledAt !== null;
  if (!hasSecondFactor) await clearFailures(db, keys[0]!.key);
  if (!user.emailVerifiedAt) {
    await resendVerification(db, email);
    throw new AppError('FORBIDDEN', 'auth.emailNotVerified');
  }
  if (hasSecondFactor) {
    await checkSecondFactor(db, user, parsed.data.code, keys, ctx);
    await clearFailures(db, keys[0]!.key);
  }
  await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'auth.sign_in', recordType: 'user', recordId: user.id, data: { twoFactor: hasSecondFactor } });
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, sessionVersion: user.sessionVersion };
}

/** Role changes live with the rest of staff administration (lib/users/admin.ts): one last-admin rule. */
export { changeUserRole } from '@/lib/users/admin';
