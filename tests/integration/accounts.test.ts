import { hashEmail } from '@/lib/secrets';
import { and, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, authThrottles, authTokens, mailboxMessages, users } from '@/db/schema';
import {
  authenticate,
  requestPasswordReset,
  resetPassword,
  signUp,
  verifyEmail,
} from '@/lib/accounts/mutations';
import { hashPassword } from '@/lib/auth/passwords';
import { AppError } from '@/lib/errors';
import { deliverMail } from '../support/mail';

const PASSWORD = 'a long and honest password';

async function lastMailTo(email: string) {
  await deliverMail();
  const [mail] = await getDb().select().from(mailboxMessages).where(eq(mailboxMessages.to, email)).orderBy(desc(mailboxMessages.id)).limit(1);
  return mail;
}

function tokenIn(text: string): string {
  const match = text.match(/token=([A-Za-z0-9_-]+)/);
  expect(match, 'the mail contains a link with a token').toBeTruthy();
  return decodeURIComponent(match![1]!);
}

async function auditActions(): Promise<string[]> {
  return (await getDb().select({ action: auditEvents.action }).from(auditEvents)).map((r) => r.action);
}

async function expectAppError(promise: Promise<unknown>, messageKey: string) {
  await expect(promise).rejects.toSatisfy((e) => e instanceof AppError && e.messageKey === messageKey);
}

describe('sign-up and e-mail verification', () => {
  it('creates an unverified applicant, mails a link in their language, and verifies once', async () => {
    const db = getDb();
    await signUp(db, { name: 'Айгерім Сапарова', email: 'Aigerim@Example.kz', password: PASSWORD, locale: 'kk' }, { ip: '10.1.1.1' });

    const user = await db.query.users.findFirst({ where: eq(users.email, 'aigerim@example.kz') });
    expect(user).toMatchObject({ role: 'applicant', locale: 'kk', emailVerifiedAt: null });
    expect(user!.passwordHash).not.toContain(PASSWORD);

    const mail = await lastMailTo('aigerim@example.kz');
    expect(mail!.locale).toBe('kk');
    expect(mail!.subject).toMatch(/Redress/);
    expect(mail!.text).toContain('/kk/verify-email?token=');
    const token = tokenIn(mail!.text);
    // Only a hash of the token is stored.
    const stored = await db.select({ hash: authTokens.tokenHash }).from(authTokens);
    expect(stored.map((s) => s.hash)).not.toContain(token);

    await expectAppError(authenticate(db, { email: 'aigerim@example.kz', password: PASSWORD }), 'auth.emailNotVerified');

    expect(await verifyEmail(db, token)).toEqual({ ok: true });
    expect(await verifyEmail(db, token)).toEqual({ ok: false, reason: 'used' });
    expect(await verifyEmail(db, 'x'.repeat(43))).toEqual({ ok: false, reason: 'invalid' });

    const signedIn = await authenticate(db, { email: ' AIGERIM@example.kz ', password: PASSWORD }, { ip: '10.1.1.1' });
    expect(signedIn).toMatchObject({ email: 'aigerim@example.kz', role: 'applicant' });
    expect(await auditActions()).toEqual(expect.arrayContaining(['auth.sign_up', 'auth.email_verified', 'auth.sign_in']));
  });

  it('refuses a second account for the same address, whatever its case, and changes nothing', async () => {
    const db = getDb();
    await signUp(db, { name: 'Марат Ахметов', email: 'marat@example.kz', password: PASSWORD, locale: 'ru' });
    const [{ n: before }] = (await db.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }];
    await expect(signUp(db, { name: 'Someone Else', email: 'MARAT@example.kz', password: PASSWORD, locale: 'en' })).rejects.toMatchObject({
      field: 'email',
      messageKey: 'validation.emailTaken',
    });
    const [{ n: after }] = (await db.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }];
    expect(after).toBe(before);
  });

  it('says an expired link has expired', async () => {
    const db = getDb();
    await signUp(db, { name: 'Дана Ким', email: 'dana@example.kz', password: PASSWORD, locale: 'ru' });
    const token = tokenIn((await lastMailTo('dana@example.kz'))!.text);
    await db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await verifyEmail(db, token)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('sign-in', () => {
  it('gives the same error for an unknown address and a wrong password', async () => {
    const db = getDb();
    await signUp(db, { name: 'Ерлан Омаров', email: 'erlan@example.kz', password: PASSWORD, locale: 'ru' });
    await expectAppError(authenticate(db, { email: 'nobody@example.kz', password: PASSWORD }), 'auth.invalidCredentials');
    await expectAppError(authenticate(db, { email: 'erlan@example.kz', password: 'wrong password here' }), 'auth.invalidCredentials');
    expect(await auditActions()).toContain('auth.sign_in_failed');
  });

  it('slows an account down after five wrong passwords, even for the right one', async () => {
    const db = getDb();
    await db.insert(users).values({ email: 'slow@example.kz', name: 'Slow', passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() });
    for (let i = 0; i < 5; i++) {
      await expectAppError(authenticate(db, { email: 'slow@example.kz', password: `wrong-${i}-password` }, { ip: '10.2.2.2' }), 'auth.invalidCredentials');
    }
    // The refusal says when to try again: the 30 s pause rounds up to one minute.
    await expect(authenticate(db, { email: 'slow@example.kz', password: PASSWORD }, { ip: '10.9.9.9' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.messageKey === 'auth.throttled' && e.values?.minutes === 1,
    );
    const [row] = await db.select().from(authThrottles).where(eq(authThrottles.key, `account:${hashEmail('slow@example.kz')}`));
    expect(row!.failures).toBe(5);
    expect(row!.blockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await auditActions()).toContain('auth.sign_in_throttled');

    // When the pause is over, the right password works and clears the streak.
    await db.update(authThrottles).set({ blockedUntil: new Date(Date.now() - 1000) });
    await expect(authenticate(db, { email: 'slow@example.kz', password: PASSWORD }, { ip: '10.9.9.9' })).resolves.toMatchObject({ email: 'slow@example.kz' });
    expect(await db.select().from(authThrottles).where(eq(authThrottles.key, `account:${hashEmail('slow@example.kz')}`))).toEqual([]);
  });

  it('refuses a disabled account with the generic error', async () => {
    const db = getDb();
    await signUp(db, { name: 'Disabled', email: 'disabled@example.kz', password: PASSWORD, locale: 'en' });
    await db.update(users).set({ emailVerifiedAt: new Date(), disabledAt: new Date() }).where(eq(users.email, 'disabled@example.kz'));
    await expectAppError(authenticate(db, { email: 'disabled@example.kz', password: PASSWORD }), 'auth.invalidCredentials');
  });
});

describe('password reset', () => {
  it('mails a single-use link, changes the password and ends existing sessions', async () => {
    const db = getDb();
    await signUp(db, { name: 'Асель Нурланова', email: 'asel@example.kz', password: PASSWORD, locale: 'ru' });
    const before = await db.query.users.findFirst({ where: eq(users.email, 'asel@example.kz') });

    await requestPasswordReset(db, { email: 'ASEL@example.kz', locale: 'en' });
    const mail = await lastMailTo('asel@example.kz');
    // The mail is in the account's language, not the form's.
    expect(mail!.locale).toBe('ru');
    expect(mail!.text).toContain('/ru/reset-password?token=');
    const token = tokenIn(mail!.text);

    const newPassword = 'another long password 2026';
    await expect(resetPassword(db, { token, password: newPassword, passwordConfirm: newPassword })).resolves.toEqual({ ok: true });
    await expect(resetPassword(db, { token, password: newPassword, passwordConfirm: newPassword })).resolves.toEqual({ ok: false, reason: 'used' });

    const after = await db.query.users.findFirst({ where: eq(users.email, 'asel@example.kz') });
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);
    // The link proved the address.
    expect(after!.emailVerifiedAt).not.toBeNull();
    await expectAppError(authenticate(db, { email: 'asel@example.kz', password: PASSWORD }), 'auth.invalidCredentials');
    await expect(authenticate(db, { email: 'asel@example.kz', password: newPassword })).resolves.toBeTruthy();
    expect(await auditActions()).toEqual(expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']));
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const db = getDb();
    await expect(requestPasswordReset(db, { email: 'ghost@example.kz', locale: 'ru' })).resolves.toBeUndefined();
    expect(await lastMailTo('ghost@example.kz')).toBeUndefined();
  });

  it('refuses an expired reset link', async () => {
    const db = getDb();
    await signUp(db, { name: 'Тимур Садыков', email: 'timur@example.kz', password: PASSWORD, locale: 'ru' });
    await requestPasswordReset(db, { email: 'timur@example.kz', locale: 'ru' });
    const token = tokenIn((await lastMailTo('timur@example.kz'))!.text);
    await db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1) }).where(and(eq(authTokens.purpose, 'reset_password')));
    await expect(resetPassword(db, { token, password: 'brand new password!', passwordConfirm: 'brand new password!' })).resolves.toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});
