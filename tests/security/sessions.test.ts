import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { invitations, recoveryCodes, userSessions, users } from '@/db/schema';
import { authenticate, resetPassword } from '@/lib/accounts/mutations';
import { authOptions } from '@/lib/auth/options';
import { getCurrentUser } from '@/lib/auth/session';
import { endSession, sessionLimits } from '@/lib/auth/sessions';
import { createAuthToken } from '@/lib/auth/tokens';
import { currentTotp, hashRecoveryCode, newTotpSecret, totpStep } from '@/lib/auth/totp';
import { authSecret, sha256Hex } from '@/lib/secrets';
import { TEST_PASSWORD } from '../factories/users';
import { createPerson, type Person } from './support/actors';
import { request, resetRequest } from './support/next-mocks';

vi.mock('next-auth', async (original) => (await import('./support/next-mocks')).mockNextAuthWithCookies(await original()));
vi.mock('next/headers', async () => (await import('./support/next-mocks')).mockHeaders());
vi.mock('next/cache', async (original) => (await import('./support/next-mocks')).mockCache(await original()));
vi.mock('next/navigation', async (original) => (await import('./support/next-mocks')).mockNavigation(await original()));

/*
 * Session attacks (issue 7; OWASP ASVS 5.0 chapter 7): forged and tampered tokens, a disabled
 * user's session, ended, idle and expired sessions, a reused reset or invitation link, and a
 * two-factor code replayed within its window. Tokens go through next-auth's real decoding with the
 * app's secret and callbacks, then lib/auth's checks against the database (getCurrentUser).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const cookieName = () => authOptions().cookies!.sessionToken!.name;

/** A token as next-auth would issue it at sign-in for `claims`. */
const mint = (claims: Record<string, unknown>, options: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: { sub: String(claims.uid ?? ''), ...claims }, secret: options.secret ?? authSecret(), maxAge: options.maxAge ?? 7 * 24 * 3600 });

/** The user the app sees for a request carrying `token` as its session cookie. */
async function userFor(token: string | null) {
  resetRequest();
  if (token !== null) request.cookies.set(cookieName(), token);
  return getCurrentUser();
}

const tokenOf = (p: Person) => mint(p.claims);
const setSession = (sid: string, set: Partial<typeof userSessions.$inferInsert>) => getDb().update(userSessions).set(set).where(eq(userSessions.id, sid));
const setUser = (id: string, set: Partial<typeof users.$inferInsert>) => getDb().update(users).set(set).where(eq(users.id, id));

beforeEach(() => {
  resetRequest();
  // next-auth logs a token it cannot decrypt; that is the expected outcome here.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

describe('a session token', () => {
  it('signs in the user it was issued to (the baseline every attack below departs from)', async () => {
    const person = await createPerson('reviewer');
    expect(await userFor(await tokenOf(person))).toMatchObject({ id: person.id, role: 'reviewer', twoFactor: true });
    expect(await userFor(null)).toBeNull();
  });

  it('is refused when made with another secret', async () => {
    const person = await createPerson('admin');
    expect(await userFor(await mint(person.claims, { secret: crypto.randomBytes(48).toString('base64') }))).toBeNull();
  });

  it('is refused when any byte of it was changed', async () => {
    const person = await createPerson('admin');
    const token = await tokenOf(person);
    // Flip a character in each of the JWE's five parts (header, key, iv, ciphertext, tag).
    const parts = token.split('.');
    for (let i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      const tampered = [...parts];
      const c = tampered[i]!;
      tampered[i] = c.slice(0, -2) + (c.at(-2) === 'A' ? 'B' : 'A') + c.at(-1);
      expect(await userFor(tampered.join('.')), `part ${i} changed`).toBeNull();
    }
  });

  it('is refused as an unencrypted JWT (alg "none") claiming the same user and session', async () => {
    const person = await createPerson('admin');
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...person.claims, sub: person.id, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    expect(await userFor(forged)).toBeNull();
  });

  it('is refused once expired, whatever its session row says', async () => {
    const person = await createPerson('applicant');
    expect(await userFor(await mint(person.claims, { maxAge: -60 }))).toBeNull();
  });

  it("is refused when it names another user with its own session (a uid changed by whoever holds the secret's output)", async () => {
    const [me, victim] = [await createPerson('applicant'), await createPerson('admin')];
    // The session row belongs to `me`: naming the admin with it signs in nobody.
    expect(await userFor(await mint({ ...me.claims, uid: victim.id, role: 'admin' }))).toBeNull();
    // Nor does a made-up session id, or claims of the wrong types.
    expect(await userFor(await mint({ ...victim.claims, sid: crypto.randomUUID() }))).toBeNull();
    expect(await userFor(await mint({ ...victim.claims, sid: [victim.claims.sid] }))).toBeNull();
    expect(await userFor(await mint({ ...victim.claims, uid: `${victim.id}' or '1'='1` }))).toBeNull();
    // The role claimed in the token means nothing: the database's role is used.
    expect(await userFor(await mint({ ...me.claims, role: 'admin' }))).toMatchObject({ id: me.id, role: 'applicant' });
  });

  it("stops working at the next request once its user is disabled, and doesn't come back by re-enabling", async () => {
    const person = await createPerson('organizer');
    const token = await tokenOf(person);
    expect(await userFor(token)).not.toBeNull();
    await setUser(person.id, { disabledAt: new Date() });
    expect(await userFor(token)).toBeNull();
    await setUser(person.id, { disabledAt: null });
    // Not ended by this direct update: the database still decides on every request.
    expect(await userFor(token)).not.toBeNull();
    const { disableUser, enableUser } = await import('@/lib/users/admin');
    const admin = await createPerson('admin');
    const asAdmin = { id: admin.id, email: admin.email, name: admin.name, role: admin.role, locale: 'ru' as const, twoFactor: true };
    await disableUser(getDb(), asAdmin, { userId: person.id });
    expect(await userFor(token)).toBeNull();
    await enableUser(getDb(), asAdmin, { userId: person.id });
    // Disabling ended the sessions: re-enabling lets the user sign in again, not revive old tokens.
    expect(await userFor(token)).toBeNull();
  });

  it('is refused for a deleted (anonymized) account', async () => {
    const person = await createPerson('applicant');
    const token = await tokenOf(person);
    await setUser(person.id, { deletedAt: new Date() });
    expect(await userFor(token)).toBeNull();
  });

  it('is refused once its session was ended (signed out), while the same user’s other sessions go on', async () => {
    const person = await createPerson('reviewer');
    const other = await mint({ ...person.claims, sid: (await getDb().insert(userSessions).values({ userId: person.id }).returning())[0]!.id });
    const token = await tokenOf(person);
    await endSession(getDb(), person.claims.sid);
    expect(await userFor(token)).toBeNull();
    expect(await userFor(other)).not.toBeNull();
  });

  it('is refused after the idle timeout: 30 minutes for staff, a day for applicants', async () => {
    const staff = await createPerson('admin');
    const applicant = await createPerson('applicant');
    const [staffToken, applicantToken] = [await tokenOf(staff), await tokenOf(applicant)];
    expect(sessionLimits.admin.idleMs).toBe(30 * MINUTE);
    await setSession(staff.claims.sid, { lastSeenAt: new Date(Date.now() - 29 * MINUTE) });
    expect(await userFor(staffToken)).not.toBeNull();
    // That request counted as activity: idle again for 31 minutes, it is over.
    await setSession(staff.claims.sid, { lastSeenAt: new Date(Date.now() - 31 * MINUTE) });
    expect(await userFor(staffToken)).toBeNull();
    await setSession(applicant.claims.sid, { lastSeenAt: new Date(Date.now() - 23 * HOUR) });
    expect(await userFor(applicantToken)).not.toBeNull();
    await setSession(applicant.claims.sid, { lastSeenAt: new Date(Date.now() - 25 * HOUR) });
    expect(await userFor(applicantToken)).toBeNull();
  });

  it('is refused after the absolute lifetime of 12 hours for staff, however active', async () => {
    const staff = await createPerson('organizer');
    const token = await tokenOf(staff);
    await setSession(staff.claims.sid, { createdAt: new Date(Date.now() - 12 * HOUR - MINUTE), lastSeenAt: new Date() });
    expect(await userFor(token)).toBeNull();
  });

  it('issued before a password change, a role change or "end all sessions" is refused (session version)', async () => {
    const person = await createPerson('reviewer');
    const token = await tokenOf(person);
    // A second session row of the same user, so only the version can refuse the old token.
    await setUser(person.id, { sessionVersion: person.claims.sv + 1 });
    expect(await userFor(token)).toBeNull();
    expect(await userFor(await mint({ ...person.claims, sv: person.claims.sv + 1 }))).not.toBeNull();
  });
});

describe('single-use links', () => {
  it('refuses a password-reset link used twice, and the reset ends the sessions it was meant to end', async () => {
    const person = await createPerson('applicant');
    const oldToken = await tokenOf(person);
    const link = await createAuthToken(getDb(), person.id, 'reset_password');
    const input = { token: link, password: 'Nomad-river-2026', passwordConfirm: 'Nomad-river-2026' };
    expect(await resetPassword(getDb(), input)).toEqual({ ok: true });
    expect(await resetPassword(getDb(), { ...input, password: 'Another-steppe-27', passwordConfirm: 'Another-steppe-27' })).toEqual({ ok: false, reason: 'used' });
    // The second attempt changed nothing: the first new password still signs in.
    await expect(authenticate(getDb(), { email: person.email, password: 'Nomad-river-2026' })).resolves.toMatchObject({ id: person.id });
    expect(await userFor(oldToken)).toBeNull();
  });

  it('answers a reused or expired reset link through the form with a localized reason', async () => {
    const { resetPasswordAction } = await import('@/app/[locale]/(public)/reset-password/actions');
    const person = await createPerson('applicant');
    const link = await createAuthToken(getDb(), person.id, 'reset_password');
    const input = { token: link, password: 'Nomad-river-2026', passwordConfirm: 'Nomad-river-2026' };
    expect(await resetPasswordAction(input)).toEqual({ ok: true, data: undefined });
    expect(await resetPasswordAction(input)).toEqual({ ok: false, formError: 'auth.linkUsed' });
    const stale = await createAuthToken(getDb(), person.id, 'reset_password');
    const { authTokens } = await import('@/db/schema');
    await getDb()
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - MINUTE) })
      .where(eq(authTokens.tokenHash, sha256Hex(stale)));
    expect(await resetPasswordAction({ ...input, token: stale })).toEqual({ ok: false, formError: 'auth.linkExpired' });
  });

  it('refuses an invitation link used twice (one account only), revoked or expired', async () => {
    const { acceptInvitationAction } = await import('@/app/[locale]/(public)/invitations/accept/actions');
    const admin = await createPerson('admin');
    const invite = async (set: Partial<typeof invitations.$inferInsert> = {}) => {
      const token = crypto.randomBytes(32).toString('base64url');
      const email = `invitee-${crypto.randomBytes(4).toString('hex')}@example.kz`;
      await getDb()
        .insert(invitations)
        .values({ email, role: 'reviewer', locale: 'ru', tokenHash: sha256Hex(token), invitedById: admin.id, expiresAt: new Date(Date.now() + 72 * HOUR), ...set });
      return { token, email };
    };
    const acceptance = (token: string) => {
      const totpSecret = newTotpSecret();
      return { token, name: 'Айдана Серікова', password: 'Tulpar-2026-steppe', totpSecret, code: currentTotp(totpSecret) };
    };
    const { token, email } = await invite();
    request.ip = '198.51.100.20';
    expect(await acceptInvitationAction(acceptance(token))).toMatchObject({ ok: true });
    expect(await acceptInvitationAction(acceptance(token))).toEqual({ ok: false, formError: 'invitations.reasons.used' });
    expect(await getDb().select({ id: users.id }).from(users).where(eq(users.email, email))).toHaveLength(1);

    const revoked = await invite({ revokedAt: new Date() });
    expect(await acceptInvitationAction(acceptance(revoked.token))).toEqual({ ok: false, formError: 'invitations.reasons.revoked' });
    const expired = await invite({ expiresAt: new Date(Date.now() - MINUTE) });
    expect(await acceptInvitationAction(acceptance(expired.token))).toEqual({ ok: false, formError: 'invitations.reasons.expired' });
    expect(await getDb().select({ id: users.id }).from(users).where(eq(users.email, revoked.email))).toHaveLength(0);
  });
});

describe('two-factor codes', () => {
  const signIn = (p: Person, code?: string) => authenticate(getDb(), { email: p.email, password: TEST_PASSWORD, code }, { ip: '198.51.100.30' });

  it('accepts an app code once, and refuses it replayed within its 30-second window', async () => {
    const staff = await createPerson('reviewer');
    const code = currentTotp(staff.totpSecret!);
    await expect(signIn(staff, code)).resolves.toMatchObject({ id: staff.id });
    await expect(signIn(staff, code)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', messageKey: 'auth.codeInvalid' });
    // Nor is the previous step's code (still inside the ±1 step window) accepted after a newer one.
    const previous = currentTotp(staff.totpSecret!, Date.now() - 30_000);
    await expect(signIn(staff, previous)).rejects.toMatchObject({ messageKey: 'auth.codeInvalid' });
  });

  it('asks for a code after the right password, and never signs staff in on the password alone', async () => {
    const staff = await createPerson('admin');
    await expect(signIn(staff)).rejects.toMatchObject({ messageKey: 'auth.codeRequired' });
    await expect(signIn(staff, '000000')).rejects.toMatchObject({ messageKey: 'auth.codeInvalid' });
  });

  it('accepts a recovery code once', async () => {
    const staff = await createPerson('organizer');
    const recovery = 'abcde-fghjk';
    await getDb().insert(recoveryCodes).values({ userId: staff.id, codeHash: hashRecoveryCode(recovery) });
    await expect(signIn(staff, recovery)).resolves.toMatchObject({ id: staff.id });
    await expect(signIn(staff, recovery)).rejects.toMatchObject({ messageKey: 'auth.codeInvalid' });
    const [row] = await getDb().select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, staff.id), eq(recoveryCodes.codeHash, hashRecoveryCode(recovery))));
    expect(row!.usedAt).not.toBeNull();
  });

  it('refuses the code an invitee enrolled with when replayed at their first sign-in', async () => {
    const staff = await createPerson('reviewer');
    // As acceptance leaves it: the enrollment code's step recorded as used.
    const code = currentTotp(staff.totpSecret!);
    await setUser(staff.id, { totpLastStep: totpStep() });
    await expect(signIn(staff, code)).rejects.toMatchObject({ messageKey: 'auth.codeInvalid' });
  });
});
