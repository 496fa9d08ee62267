import { hashEmail } from '@/lib/secrets';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, authThrottles, recoveryCodes, userSessions, users } from '@/db/schema';
import { authenticate, resetPassword } from '@/lib/accounts/mutations';
import {
  changePassword,
  confirmTwoFactorEnrollment,
  endOwnSessions,
  getAccountSecurity,
  regenerateRecoveryCodes,
  startTwoFactorEnrollment,
  turnOffTwoFactor,
} from '@/lib/accounts/two-factor';
import { loadCurrentUser } from '@/lib/auth/current-user';
import { isSessionAlive, sessionLimits, startSession } from '@/lib/auth/sessions';
import { createAuthToken } from '@/lib/auth/tokens';
import { currentTotp, totpStep } from '@/lib/auth/totp';
import type { CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { createUser, TEST_PASSWORD, TEST_TOTP_SECRET } from '../factories/users';

// requirePageAccess runs for real on a session row; only Next's request scope is stubbed: the
// token's claims (getServerSession), the request headers, the locale and the navigation signals.
const request = vi.hoisted(() => ({ claims: null as { uid: string; sid: string; sv: number } | null }));
vi.mock('next-auth', async (original) => ({ ...(await original<object>()), getServerSession: vi.fn(async () => request.claims) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('next-intl/server', () => ({ getLocale: async () => 'en' }));
vi.mock('next/navigation', () => ({
  redirect: (target: string) => {
    throw new Error(`redirect ${target}`);
  },
  forbidden: () => {
    throw new Error('forbidden');
  },
}));
const { requirePageAccess } = await import('@/lib/auth/session');

const STEP_MS = 30_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A code `offset` time steps from now. The server accepts one step either side, so a test has
 * three distinct usable codes (-1, 0, +1) before it would have to wait for the clock.
 */
const codeAt = (secret: string, offset: number) => currentTotp(secret, Date.now() + offset * STEP_MS);

/** A six-digit code that is none of the currently acceptable ones. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((o) => codeAt(secret, o)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

async function expectAppError(promise: Promise<unknown>, messageKey: string, field?: string) {
  await expect(promise).rejects.toSatisfy((e) => e instanceof AppError && e.messageKey === messageKey && (field === undefined || e.field === field));
}

async function auditOf(userId: string, action: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), eq(auditEvents.action, action)));
}

async function throttleFailures(email: string): Promise<number> {
  const [row] = await getDb().select().from(authThrottles).where(eq(authThrottles.key, `account:${hashEmail(email)}`));
  return row?.failures ?? 0;
}

/** An applicant who turned two-factor on through the account page's functions (with the code of the previous step). */
async function enrolledApplicant(): Promise<{ user: CurrentUser; secret: string; recoveryCodes: string[] }> {
  const db = getDb();
  const user = await createUser('applicant');
  await startTwoFactorEnrollment(db, user);
  const secret = (await getAccountSecurity(user, db)).enrollment!.secret;
  const { recoveryCodes: codes } = await confirmTwoFactorEnrollment(db, user, { code: codeAt(secret, -1) });
  return { user: { ...user, twoFactor: true }, secret, recoveryCodes: codes };
}

const signIn = (user: { email: string }, code?: string, password = TEST_PASSWORD) => authenticate(getDb(), { email: user.email, password, code }, { ip: '10.7.7.7' });

// Codes are built from the clock: keep a test from straddling a step boundary between making a
// code and checking it (waits at most a second for the clock, never for the app).
beforeEach(async () => {
  while (Date.now() % STEP_MS > STEP_MS - 1500) await new Promise((r) => setTimeout(r, 50));
});

describe('signing in with two-factor on', () => {
  it('asks for the code only after the right password, and counts asking as no failure', async () => {
    const { user, secret } = await enrolledApplicant();
    await expectAppError(signIn(user), 'auth.codeRequired', 'code');
    await expectAppError(signIn(user, ''), 'auth.codeRequired', 'code');
    expect(await throttleFailures(user.email)).toBe(0);
    // A wrong password says nothing about a second factor.
    await expectAppError(signIn(user, codeAt(secret, 0), 'not the password at all'), 'auth.invalidCredentials');
    await expect(signIn(user, codeAt(secret, 0))).resolves.toMatchObject({ id: user.id });
    const [event] = await auditOf(user.id, 'auth.sign_in');
    expect(event!.data).toEqual({ twoFactor: true });
  });

  it('counts a wrong code as a failed sign-in, audits it without the code, and throttles after five', async () => {
    const { user, secret } = await enrolledApplicant();
    const wrong = wrongCode(secret);
    await expectAppError(signIn(user, wrong), 'auth.codeInvalid', 'code');
    expect(await throttleFailures(user.email)).toBe(1);
    const [event] = await auditOf(user.id, 'auth.second_factor_failed');
    expect(event!.data).toEqual({ method: 'totp' });
    expect(JSON.stringify(event)).not.toContain(wrong);

    // The right password does not wipe the streak while the code is still wrong.
    for (let i = 0; i < 4; i++) await expectAppError(signIn(user, wrong), 'auth.codeInvalid');
    expect(await throttleFailures(user.email)).toBe(5);
    await expectAppError(signIn(user, codeAt(secret, 0)), 'auth.throttled');
  });

  it('accepts a code once: the same code again, or an older one, is refused within its window', async () => {
    const { user, secret } = await enrolledApplicant();
    const code = codeAt(secret, 0);
    await expect(signIn(user, code)).resolves.toMatchObject({ id: user.id });
    const [row] = await getDb().select({ step: users.totpLastStep }).from(users).where(eq(users.id, user.id));
    expect(row!.step).toBe(totpStep());

    await expectAppError(signIn(user, code), 'auth.codeInvalid', 'code');
    // Enrollment used the previous step: it stays used too.
    await expectAppError(signIn(user, codeAt(secret, -1)), 'auth.codeInvalid', 'code');
    expect(await auditOf(user.id, 'auth.second_factor_failed')).toHaveLength(2);
    // The next step is still new.
    await expect(signIn(user, codeAt(secret, 1))).resolves.toMatchObject({ id: user.id });
  });

  it('lets exactly one of two concurrent sign-ins with one code through', async () => {
    const { user, secret } = await enrolledApplicant();
    const code = codeAt(secret, 0);
    const results = await Promise.allSettled([signIn(user, code), signIn(user, code), signIn(user, code)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as AppError).messageKey)).toEqual(['auth.codeInvalid', 'auth.codeInvalid']);
  });

  it('takes each recovery code once, in any case and spacing, and audits its use', async () => {
    const { user, recoveryCodes: codes } = await enrolledApplicant();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const typed = ` ${codes[3]!.toUpperCase().replace('-', ' ')} `;
    await expect(signIn(user, typed)).resolves.toMatchObject({ id: user.id });
    const [used] = await auditOf(user.id, 'auth.recovery_code_used');
    expect(used!.data).toEqual({ left: 9 });

    await expectAppError(signIn(user, codes[3]), 'auth.codeInvalid', 'code');
    const [failed] = await auditOf(user.id, 'auth.second_factor_failed');
    expect(failed!.data).toEqual({ method: 'recovery' });
    await expectAppError(signIn(user, 'abcde-fghjk'), 'auth.codeInvalid', 'code');
    expect((await getAccountSecurity(user, getDb())).recoveryCodesLeft).toBe(9);

    // Only hashes are stored.
    const stored = await getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    expect(stored.some((r) => codes.some((c) => r.codeHash.includes(c.replace('-', ''))))).toBe(false);
  });

  it("does not accept another account's recovery code", async () => {
    const first = await enrolledApplicant();
    const second = await enrolledApplicant();
    await expectAppError(signIn(second.user, first.recoveryCodes[0]), 'auth.codeInvalid');
    await expect(signIn(first.user, first.recoveryCodes[0])).resolves.toMatchObject({ id: first.user.id });
  });

  it('asks staff created enrolled for their code too', async () => {
    const reviewer = await createUser('reviewer');
    expect(reviewer.twoFactor).toBe(true);
    await expectAppError(signIn(reviewer), 'auth.codeRequired');
    await expect(signIn(reviewer, codeAt(TEST_TOTP_SECRET, 0))).resolves.toMatchObject({ role: 'reviewer' });
  });
});

describe('turning two-factor on', () => {
  it('needs a valid code from the secret the server issued; starting over replaces the secret', async () => {
    const db = getDb();
    const user = await createUser('applicant');
    expect(await getAccountSecurity(user, db)).toMatchObject({ twoFactor: 'off', enrollment: null });
    await expectAppError(confirmTwoFactorEnrollment(db, user, { code: '123456' }), 'accountSecurity.enrollmentMissing');

    await startTwoFactorEnrollment(db, user);
    const pending = await getAccountSecurity(user, db);
    expect(pending.twoFactor).toBe('pending');
    expect(pending.enrollment!.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(pending.enrollment!.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Stored encrypted, not as the secret itself.
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpSecret).not.toContain(pending.enrollment!.secret);
    expect(row!.totpEnabledAt).toBeNull();

    await expectAppError(confirmTwoFactorEnrollment(db, user, { code: wrongCode(pending.enrollment!.secret) }), 'auth.codeInvalid', 'code');
    await expect(confirmTwoFactorEnrollment(db, user, { code: 'abc' })).rejects.toBeTruthy();
    // A pending secret is not yet a second factor: signing in needs no code.
    await expect(signIn(user)).resolves.toMatchObject({ id: user.id });

    await startTwoFactorEnrollment(db, user);
    const restarted = (await getAccountSecurity(user, db)).enrollment!.secret;
    expect(restarted).not.toBe(pending.enrollment!.secret);
    await expectAppError(confirmTwoFactorEnrollment(db, user, { code: codeAt(pending.enrollment!.secret, 0) }), 'auth.codeInvalid');

    const { recoveryCodes: codes } = await confirmTwoFactorEnrollment(db, user, { code: codeAt(restarted, 0) });
    expect(codes).toHaveLength(10);
    expect(await getAccountSecurity(user, db)).toMatchObject({ twoFactor: 'on', enrollment: null, recoveryCodesLeft: 10, mayTurnOff: true });
    expect(await auditOf(user.id, 'auth.two_factor_enabled')).toHaveLength(1);
    await expectAppError(startTwoFactorEnrollment(db, user), 'accountSecurity.twoFactorAlreadyOn');
    await expectAppError(confirmTwoFactorEnrollment(db, user, { code: codeAt(restarted, 1) }), 'accountSecurity.twoFactorAlreadyOn');
  });

  it('lets staff who have not enrolled do it, after which they count as enrolled', async () => {
    const db = getDb();
    const pendingReviewer = await createUser('reviewer', { totpSecret: null, totpEnabledAt: null });
    expect(pendingReviewer.twoFactor).toBe(false);
    const sid = await startSession(db, pendingReviewer.id);
    const claims = { uid: pendingReviewer.id, sid, sv: 0 };
    expect(await loadCurrentUser(db, claims)).toMatchObject({ role: 'reviewer', twoFactor: false });

    await startTwoFactorEnrollment(db, pendingReviewer);
    const secret = (await getAccountSecurity(pendingReviewer, db)).enrollment!.secret;
    await confirmTwoFactorEnrollment(db, pendingReviewer, { code: codeAt(secret, 0) });
    expect(await loadCurrentUser(db, claims)).toMatchObject({ role: 'reviewer', twoFactor: true });
    expect((await getAccountSecurity({ ...pendingReviewer, twoFactor: true }, db)).mayTurnOff).toBe(false);
  });

  it('refuses a visitor', async () => {
    await expect(startTwoFactorEnrollment(getDb(), null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(getAccountSecurity(null, getDb())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('changing two-factor', () => {
  it('never lets staff turn it off', async () => {
    const db = getDb();
    for (const role of ['reviewer', 'organizer', 'admin'] as const) {
      const staff = await createUser(role);
      await expect(turnOffTwoFactor(db, staff, { code: codeAt(TEST_TOTP_SECRET, 0) })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        messageKey: 'accountSecurity.staffNeedTwoFactor',
      });
      const [row] = await db.select().from(users).where(eq(users.id, staff.id));
      expect(row!.totpEnabledAt).not.toBeNull();
      expect(await auditOf(staff.id, 'auth.two_factor_disabled')).toEqual([]);
    }
  });

  it('lets an applicant turn it off with a current code, never with a wrong or used one', async () => {
    const db = getDb();
    const { user, secret } = await enrolledApplicant();
    await expectAppError(turnOffTwoFactor(db, user, { code: wrongCode(secret) }), 'auth.codeInvalid', 'code');
    expect(await throttleFailures(user.email)).toBe(1);
    await expectAppError(turnOffTwoFactor(db, user, { code: codeAt(secret, -1) }), 'auth.codeInvalid', 'code');

    await turnOffTwoFactor(db, user, { code: codeAt(secret, 0) });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toEqual([]);
    expect(await auditOf(user.id, 'auth.two_factor_disabled')).toHaveLength(1);
    await expect(signIn(user)).resolves.toMatchObject({ id: user.id });
    await expectAppError(turnOffTwoFactor(db, user, { code: codeAt(secret, 1) }), 'accountSecurity.twoFactorOff');
  });

  it('makes new recovery codes for a current code; the old ones stop working', async () => {
    const db = getDb();
    const { user, secret, recoveryCodes: old } = await enrolledApplicant();
    await expectAppError(regenerateRecoveryCodes(db, user, { code: wrongCode(secret) }), 'auth.codeInvalid', 'code');
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(db, user, { code: codeAt(secret, 0) });
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    expect(await auditOf(user.id, 'auth.recovery_codes_regenerated')).toHaveLength(1);
    await expectAppError(signIn(user, old[0]), 'auth.codeInvalid');
    await expect(signIn(user, fresh[0])).resolves.toMatchObject({ id: user.id });
  });
});

describe('sessions', () => {
  async function twoSessions(user: CurrentUser) {
    const db = getDb();
    const sids = [await startSession(db, user.id, '10.0.0.1'), await startSession(db, user.id, '10.0.0.2')];
    const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, user.id));
    return sids.map((sid) => ({ uid: user.id, sid, sv: row!.sv }));
  }

  async function liveSessionRows(userId: string) {
    return getDb()
      .select()
      .from(userSessions)
      .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)));
  }

  it('a password change needs the current password and ends every session', async () => {
    const db = getDb();
    const user = await createUser('applicant');
    const claims = await twoSessions(user);
    for (const c of claims) expect(await loadCurrentUser(db, c)).toMatchObject({ id: user.id });

    const newPassword = 'a brand new long passphrase';
    await expectAppError(
      changePassword(db, user, { currentPassword: 'not my password', newPassword, newPasswordConfirm: newPassword }),
      'accountSecurity.currentPasswordWrong',
      'currentPassword',
    );
    expect(await throttleFailures(user.email)).toBe(1);
    expect(await liveSessionRows(user.id)).toHaveLength(2);

    await changePassword(db, user, { currentPassword: TEST_PASSWORD, newPassword, newPasswordConfirm: newPassword }, { ip: '10.0.0.1' });
    expect(await liveSessionRows(user.id)).toEqual([]);
    for (const c of claims) expect(await loadCurrentUser(db, c)).toBeNull();
    const rows = await db.select().from(userSessions).where(eq(userSessions.userId, user.id));
    expect(rows.every((r) => r.endedAt && !isSessionAlive(r, 'applicant'))).toBe(true);
    expect(await auditOf(user.id, 'auth.password_changed')).toHaveLength(1);
    await expectAppError(signIn(user), 'auth.invalidCredentials');
    await expect(signIn(user, undefined, newPassword)).resolves.toMatchObject({ id: user.id });
  });

  it('"sign out everywhere" ends every session and is audited', async () => {
    const db = getDb();
    const user = await createUser('organizer');
    const claims = await twoSessions(user);
    await endOwnSessions(db, user);
    for (const c of claims) expect(await loadCurrentUser(db, c)).toBeNull();
    expect(await liveSessionRows(user.id)).toEqual([]);
    expect(await auditOf(user.id, 'auth.sessions_ended')).toHaveLength(1);
  });

  it('a password reset ends every session', async () => {
    const db = getDb();
    const user = await createUser('reviewer');
    const claims = await twoSessions(user);
    const token = await createAuthToken(db, user.id, 'reset_password');
    const password = 'reset to a long passphrase';
    await expect(resetPassword(db, { token, password, passwordConfirm: password })).resolves.toEqual({ ok: true });
    expect(await liveSessionRows(user.id)).toEqual([]);
    for (const c of claims) expect(await loadCurrentUser(db, c)).toBeNull();
  });

  it('ends a staff session after 30 idle minutes or 12 hours in all, an applicant one later', () => {
    const start = new Date('2026-03-02T08:00:00Z');
    const at = (ms: number) => new Date(start.getTime() + ms);
    const fresh = { createdAt: start, lastSeenAt: start, endedAt: null };
    for (const role of ['reviewer', 'organizer', 'admin'] as const) {
      expect(isSessionAlive(fresh, role, at(29 * MINUTE))).toBe(true);
      expect(isSessionAlive(fresh, role, at(30 * MINUTE))).toBe(false);
      // Busy all day: still over at 12 hours.
      expect(isSessionAlive({ ...fresh, lastSeenAt: at(11 * HOUR + 50 * MINUTE) }, role, at(11 * HOUR + 59 * MINUTE))).toBe(true);
      expect(isSessionAlive({ ...fresh, lastSeenAt: at(11 * HOUR + 59 * MINUTE) }, role, at(12 * HOUR))).toBe(false);
      expect(isSessionAlive({ ...fresh, endedAt: start }, role, at(1000))).toBe(false);
    }
    expect(isSessionAlive(fresh, 'applicant', at(30 * MINUTE))).toBe(true);
    expect(isSessionAlive(fresh, 'applicant', at(sessionLimits.applicant.idleMs))).toBe(false);
  });

  it('keeps a staff session alive while it is used, and ends it when idle or too old', async () => {
    const db = getDb();
    const user = await createUser('admin');
    const [claims] = await twoSessions(user);
    const now = Date.now();
    // Used every 20 minutes: alive, and each use moves the idle clock on.
    expect(await loadCurrentUser(db, claims, new Date(now + 20 * MINUTE))).toMatchObject({ id: user.id });
    expect(await loadCurrentUser(db, claims, new Date(now + 40 * MINUTE))).toMatchObject({ id: user.id });
    // 31 minutes after the last use: over.
    expect(await loadCurrentUser(db, claims, new Date(now + 71 * MINUTE))).toBeNull();

    const [other] = (await twoSessions(user)).slice(1);
    await db.update(userSessions).set({ createdAt: new Date(now - 12 * HOUR), lastSeenAt: new Date(now - MINUTE) }).where(eq(userSessions.id, other!.sid));
    expect(await loadCurrentUser(db, other)).toBeNull();
  });

  it("ends a disabled user's session at the next request, and refuses tokens that do not match", async () => {
    const db = getDb();
    const user = await createUser('reviewer');
    const [claims] = await twoSessions(user);
    expect(await loadCurrentUser(db, claims)).toMatchObject({ id: user.id, role: 'reviewer', twoFactor: true });
    expect(await loadCurrentUser(db, { ...claims, sv: claims!.sv + 1 })).toBeNull();
    expect(await loadCurrentUser(db, { ...claims, sid: crypto.randomUUID() })).toBeNull();
    expect(await loadCurrentUser(db, { ...claims, uid: 'not-a-uuid' })).toBeNull();
    expect(await loadCurrentUser(db, null)).toBeNull();
    // Another user's session id with this user's id: the row must belong to the user.
    const other = await createUser('applicant');
    const otherSid = await startSession(db, other.id);
    expect(await loadCurrentUser(db, { ...claims, sid: otherSid })).toBeNull();

    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await loadCurrentUser(db, claims)).toBeNull();
  });
});

describe('pages for staff who have not turned two-factor on', () => {
  async function signedInAs(user: CurrentUser) {
    const sid = await startSession(getDb(), user.id);
    const [row] = await getDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, user.id));
    request.claims = { uid: user.id, sid, sv: row!.sv };
  }

  it('sends them to enroll from every staff page, and lets them open the account page', async () => {
    for (const role of ['reviewer', 'organizer', 'admin'] as const) {
      const pending = await createUser(role, { totpSecret: null, totpEnabledAt: null });
      await signedInAs(pending);
      for (const action of ['queue.view', 'case.review', 'bundle.manage', 'user.manage', 'audit.view'] as const) {
        await expect(requirePageAccess(action, '/review')).rejects.toThrow('redirect /en/account/security?required=1');
      }
      await expect(requirePageAccess('account.own', '/account/security')).resolves.toMatchObject({ id: pending.id, twoFactor: false });
    }
  });

  it('lets enrolled staff in, and still refuses them what their role may not do', async () => {
    const reviewer = await createUser('reviewer');
    await signedInAs(reviewer);
    await expect(requirePageAccess('queue.view', '/review')).resolves.toMatchObject({ id: reviewer.id, twoFactor: true });
    await expect(requirePageAccess('user.manage', '/admin/users')).rejects.toThrow('forbidden');
    request.claims = null;
    await expect(requirePageAccess('queue.view', '/review')).rejects.toThrow('redirect /en/sign-in?next=%2Freview');
  });
});
