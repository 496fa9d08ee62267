import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, invitations, rateLimitHits, recoveryCodes, userSessions, users } from '@/db/schema';
import { requestPasswordReset, signUp } from '@/lib/accounts/mutations';
import { getCurrentUser } from '@/lib/auth/session';
import { loadCurrentUser } from '@/lib/auth/current-user';
import { startSession } from '@/lib/auth/sessions';
import { currentTotp, decryptTotpSecret, hashRecoveryCode, newTotpSecret, totpStep } from '@/lib/auth/totp';
import type { CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/catalogs';
import { changeUserRole, disableUser, enableUser, endUserSessions } from '@/lib/users/admin';
import { acceptInvitation, checkInvitation, inviteStaff, listPendingInvitations, resendInvitation, revokeInvitation } from '@/lib/users/invitations';
import { listUsers } from '@/lib/users/queries';
import { INVITATION_LIFETIME_MS } from '@/lib/validation/staff';
import * as adminActions from '@/app/[locale]/(admin)/admin/users/actions';
import { acceptInvitationAction } from '@/app/[locale]/(public)/invitations/accept/actions';
import { forgotPasswordAction } from '@/app/[locale]/(public)/forgot-password/actions';
import { signUpAction } from '@/app/[locale]/(public)/sign-up/actions';
import { createUser } from '../factories/users';
import { mailsTo } from '../support/mail';

// Server actions read the session and the client address through Next; here the test decides.
const ip = vi.hoisted(() => ({ current: '10.20.0.1' }));
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: vi.fn(), requestIp: vi.fn(async () => ip.current) }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const signIn = (user: CurrentUser | null) => vi.mocked(getCurrentUser).mockResolvedValue(user);

const db = () => getDb();
const PASSWORD = 'a long and honest password';

let admin: CurrentUser;

beforeAll(async () => {
  admin = await createUser('admin', { name: 'Гүлнар Админ' });
});

beforeEach(() => {
  ip.current = `10.20.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
});

async function userRow(id: string) {
  return (await db().query.users.findFirst({ where: eq(users.id, id) }))!;
}

async function auditOf(action: string, recordId?: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), recordId ? eq(auditEvents.recordId, recordId) : undefined));
}

function tokenIn(text: string): string {
  const match = text.match(/\/invitations\/accept\?token=([A-Za-z0-9_%-]+)/);
  expect(match, 'the mail holds an acceptance link').toBeTruthy();
  return decodeURIComponent(match![1]!);
}

/** Invites `email` and returns the link's token, read from the mail as the invitee would. */
async function invite(email: string, role: 'reviewer' | 'organizer' | 'admin' = 'reviewer', locale: 'kk' | 'ru' | 'en' = 'ru', actor = admin) {
  const { invitationId } = await inviteStaff(db(), actor, { email, role, locale }, { ip: '10.0.0.1' });
  const mails = await mailsTo(email.toLowerCase());
  return { invitationId, token: tokenIn(mails.at(-1)!.text), mails };
}

function acceptInput(token: string, overrides: Partial<{ name: string; password: string; totpSecret: string; code: string }> = {}) {
  const totpSecret = overrides.totpSecret ?? newTotpSecret();
  return { token, name: 'Ерлан Сапаров', password: PASSWORD, totpSecret, code: currentTotp(totpSecret), ...overrides };
}

async function expectRefusal(promise: Promise<unknown>, messageKey: string, field?: string) {
  await expect(promise).rejects.toSatisfy((e) => e instanceof AppError && e.messageKey === messageKey && e.field === field);
}

/** Leaves `keep` as the only enabled admins (the suite shares one database). */
async function onlyAdmins(...keep: CurrentUser[]) {
  await db()
    .update(users)
    .set({ role: 'organizer' })
    .where(
      and(
        eq(users.role, 'admin'),
        sql`${users.id} not in (${sql.join(
          keep.map((k) => sql`${k.id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
}

async function enabledAdmins() {
  return db()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
}

describe('invitations', () => {
  it('mails a single-use link in the chosen language; accepting creates the account with its role and two-factor on', async () => {
    const { invitationId, token, mails } = await invite('Reviewer.One@Example.kz', 'reviewer', 'kk');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.locale).toBe('kk');
    expect(mails[0]!.subject).toContain('Ерікті заңгер');
    expect(mails[0]!.text).toContain('/kk/invitations/accept?token=');
    expect(mails[0]!.text).toContain('Гүлнар Админ');

    // Only the token's SHA-256 is stored; the link works for 72 hours.
    const [row] = await db().select().from(invitations).where(eq(invitations.id, invitationId));
    expect(row).toMatchObject({ email: 'reviewer.one@example.kz', role: 'reviewer', locale: 'kk', invitedById: admin.id, acceptedAt: null });
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toContain(token);
    expect(Math.abs(row!.expiresAt.getTime() - row!.createdAt.getTime() - INVITATION_LIFETIME_MS)).toBeLessThan(5_000);
    expect(await auditOf('invitation.created', invitationId)).toHaveLength(1);
    expect((await listPendingInvitations(admin)).map((i) => i.id)).toContain(invitationId);

    // Opening the link changes nothing.
    expect(await checkInvitation(token)).toEqual({ ok: true, email: 'reviewer.one@example.kz', role: 'reviewer', locale: 'kk' });
    expect(await checkInvitation(token)).toMatchObject({ ok: true });

    const input = acceptInput(token);
    const result = await acceptInvitation(db(), input, { ip: '10.0.0.2' });
    expect(result.email).toBe('reviewer.one@example.kz');
    expect(result.recoveryCodes).toHaveLength(10);
    expect(new Set(result.recoveryCodes).size).toBe(10);

    const user = (await db().query.users.findFirst({ where: eq(users.email, 'reviewer.one@example.kz') }))!;
    expect(user).toMatchObject({ role: 'reviewer', locale: 'kk', name: 'Ерлан Сапаров', disabledAt: null });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user.totpEnabledAt).toBeInstanceOf(Date);
    expect(user.totpLastStep).toBeGreaterThanOrEqual(totpStep() - 1);
    expect(user.totpSecret).not.toContain(input.totpSecret);
    expect(decryptTotpSecret(user.totpSecret!)).toBe(input.totpSecret);
    expect(user.passwordHash).not.toContain(PASSWORD);

    const stored = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.codeHash).sort()).toEqual(result.recoveryCodes.map(hashRecoveryCode).sort());
    expect(JSON.stringify(stored)).not.toContain(result.recoveryCodes[0]!);

    const [accepted] = await db().select().from(invitations).where(eq(invitations.id, invitationId));
    expect(accepted!.acceptedAt).toBeInstanceOf(Date);
    expect(accepted!.userId).toBe(user.id);
    const [event] = await auditOf('invitation.accepted', invitationId);
    expect(event).toMatchObject({ actorId: user.id, data: { role: 'reviewer' } });
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain(token);
    expect((await listPendingInvitations(admin)).map((i) => i.id)).not.toContain(invitationId);

    // A used link says so, on the page and on a second try.
    expect(await checkInvitation(token)).toEqual({ ok: false, reason: 'used' });
    await expectRefusal(acceptInvitation(db(), acceptInput(token)), 'invitations.reasons.used');
  });

  it('refuses a wrong two-factor code beside the code field and keeps the link usable', async () => {
    const { token } = await invite('wrong.code@example.kz', 'organizer');
    const secret = newTotpSecret();
    const wrong = String((Number(currentTotp(secret)) + 1) % 1_000_000).padStart(6, '0');
    await expectRefusal(acceptInvitation(db(), acceptInput(token, { totpSecret: secret, code: wrong })), 'invitations.codeWrong', 'code');
    expect(await checkInvitation(token)).toMatchObject({ ok: true });
    expect(await db().query.users.findFirst({ where: eq(users.email, 'wrong.code@example.kz') })).toBeUndefined();
    await acceptInvitation(db(), acceptInput(token, { totpSecret: secret }));
    expect((await db().query.users.findFirst({ where: eq(users.email, 'wrong.code@example.kz') }))!.role).toBe('organizer');
  });

  it('refuses an expired link (after 72 hours)', async () => {
    const { invitationId, token } = await invite('late@example.kz');
    await db()
      .update(invitations)
      .set({ createdAt: sql`now() - interval '73 hours'`, expiresAt: sql`now() - interval '1 hour'` })
      .where(eq(invitations.id, invitationId));
    expect(await checkInvitation(token)).toEqual({ ok: false, reason: 'expired' });
    await expectRefusal(acceptInvitation(db(), acceptInput(token)), 'invitations.reasons.expired');
    expect(await db().query.users.findFirst({ where: eq(users.email, 'late@example.kz') })).toBeUndefined();
    // Still listed, marked expired, so it can be sent again.
    expect((await listPendingInvitations(admin)).find((i) => i.id === invitationId)).toMatchObject({ isExpired: true });
  });

  it('refuses a revoked link, and audits the revocation', async () => {
    const { invitationId, token } = await invite('revoked@example.kz');
    await revokeInvitation(db(), admin, { invitationId }, { ip: '10.0.0.1' });
    expect(await checkInvitation(token)).toEqual({ ok: false, reason: 'revoked' });
    await expectRefusal(acceptInvitation(db(), acceptInput(token)), 'invitations.reasons.revoked');
    expect(await auditOf('invitation.revoked', invitationId)).toHaveLength(1);
    await expectRefusal(revokeInvitation(db(), admin, { invitationId }), 'admin.invite.notPending');
    await expectRefusal(resendInvitation(db(), admin, { invitationId }), 'admin.invite.notPending');
  });

  it('refuses forged links', async () => {
    for (const token of ['', 'short', 'x'.repeat(43), 'not a token at all!', `${'A'.repeat(42)}=`]) {
      expect(await checkInvitation(token)).toEqual({ ok: false, reason: 'invalid' });
    }
    await expectRefusal(acceptInvitation(db(), acceptInput('y'.repeat(43))), 'invitations.reasons.invalid');
  });

  it('sends again with a new link; the old link dies', async () => {
    const { invitationId, token: oldToken } = await invite('resend@example.kz', 'admin', 'en');
    await db().update(invitations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(invitations.id, invitationId));
    await resendInvitation(db(), admin, { invitationId }, { ip: '10.0.0.1' });
    const mails = await mailsTo('resend@example.kz');
    expect(mails).toHaveLength(2);
    const newToken = tokenIn(mails[1]!.text);
    expect(newToken).not.toBe(oldToken);
    expect(mails[1]!.locale).toBe('en');
    expect(await checkInvitation(oldToken)).toEqual({ ok: false, reason: 'invalid' });
    await expectRefusal(acceptInvitation(db(), acceptInput(oldToken)), 'invitations.reasons.invalid');
    expect(await auditOf('invitation.resent', invitationId)).toHaveLength(1);
    // The new link has a fresh 72 hours.
    expect(await checkInvitation(newToken)).toMatchObject({ ok: true, role: 'admin' });
    await acceptInvitation(db(), acceptInput(newToken));
    expect((await db().query.users.findFirst({ where: eq(users.email, 'resend@example.kz') }))!.role).toBe('admin');
  });

  it('lets exactly one of two simultaneous acceptances win', async () => {
    const { token } = await invite('race@example.kz');
    const results = await Promise.allSettled([
      acceptInvitation(db(), acceptInput(token, { name: 'Первый' })),
      acceptInvitation(db(), acceptInput(token, { name: 'Второй' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ messageKey: 'invitations.reasons.used' });
    const accounts = await db().select().from(users).where(eq(users.email, 'race@example.kz'));
    expect(accounts).toHaveLength(1);
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, accounts[0]!.id))).toHaveLength(10);
  });

  it('refuses an address that already has an account, or an open invitation, beside the e-mail field', async () => {
    const existing = await createUser('applicant');
    await expectRefusal(inviteStaff(db(), admin, { email: existing.email.toUpperCase(), role: 'reviewer', locale: 'ru' }), 'admin.invite.accountExists', 'email');
    await invite('twice@example.kz');
    await expectRefusal(inviteStaff(db(), admin, { email: 'twice@example.kz', role: 'organizer', locale: 'ru' }), 'admin.invite.alreadyInvited', 'email');
    expect(await db().select().from(invitations).where(eq(invitations.email, 'twice@example.kz'))).toHaveLength(1);
  });

  it('refuses to accept when the address signed up meanwhile, and leaves the invitation unused', async () => {
    const { invitationId, token } = await invite('meanwhile@example.kz');
    await createUser('applicant', { email: 'meanwhile@example.kz' });
    await expectRefusal(acceptInvitation(db(), acceptInput(token)), 'invitations.accountExists');
    const [row] = await db().select().from(invitations).where(eq(invitations.id, invitationId));
    expect(row!.acceptedAt).toBeNull();
  });

  it('answers the form through the server action: recovery codes on success, the reason on a used link', async () => {
    const { token } = await invite('action@example.kz');
    signIn(null);
    const first = await acceptInvitationAction(acceptInput(token));
    expect(first).toMatchObject({ ok: true, data: { email: 'action@example.kz' } });
    expect((first as { data: { recoveryCodes: string[] } }).data.recoveryCodes).toHaveLength(10);
    expect(await acceptInvitationAction(acceptInput(token))).toEqual({ ok: false, formError: 'invitations.reasons.used' });
    const weak = await acceptInvitationAction(acceptInput(token, { password: 'short', code: '12' }));
    expect(weak).toMatchObject({ ok: false, fieldErrors: { password: ['validation.passwordTooShort'], code: ['validation.sixDigitCode'] } });
  });
});

describe('the users list', () => {
  it('filters by role, status and text, and shows two-factor and the last sign-in', async () => {
    const organizer = await createUser('organizer', { name: 'Жанна Filterova', email: 'jf_100%@example.kz' });
    const disabledOne = await createUser('reviewer', { name: 'Жанна Disabled', disabledAt: new Date() });
    await startSession(db(), organizer.id, '10.1.1.1');
    const byText = await listUsers(admin, { q: 'жанна' });
    expect(byText.rows.map((r) => r.id).sort()).toEqual([organizer.id, disabledOne.id].sort());
    // LIKE wildcards in the text are taken literally.
    expect((await listUsers(admin, { q: '100%' })).rows.map((r) => r.id)).toEqual([organizer.id]);
    expect((await listUsers(admin, { q: '_' })).rows.every((r) => r.email.includes('_') || r.name.includes('_'))).toBe(true);
    expect((await listUsers(admin, { q: 'жанна', status: 'disabled' })).rows.map((r) => r.id)).toEqual([disabledOne.id]);
    expect((await listUsers(admin, { q: 'жанна', status: 'active', role: 'organizer' })).rows.map((r) => r.id)).toEqual([organizer.id]);
    const [row] = (await listUsers(admin, { q: 'filterova' })).rows;
    expect(row).toMatchObject({ hasTwoFactor: true, role: 'organizer' });
    expect(row!.lastSignInAt).toBeInstanceOf(Date);
    const applicant = await createUser('applicant', { name: 'Жанна Applicant' });
    const [appRow] = (await listUsers(admin, { q: 'жанна applicant' })).rows;
    expect(appRow).toMatchObject({ id: applicant.id, hasTwoFactor: false, lastSignInAt: null });
  });
});

describe('role changes, disabling and sessions', () => {
  it('changes a role, audits it and ends every session of the person', async () => {
    const reviewer = await createUser('reviewer');
    const sid = await startSession(db(), reviewer.id);
    const before = await userRow(reviewer.id);
    await changeUserRole(db(), admin, { userId: reviewer.id, role: 'organizer' }, { ip: '10.0.0.1' });
    const after = await userRow(reviewer.id);
    expect(after).toMatchObject({ role: 'organizer', sessionVersion: before.sessionVersion + 1 });
    const [event] = await auditOf('user.role_changed', reviewer.id);
    expect(event).toMatchObject({ actorId: admin.id, data: { from: 'reviewer', to: 'organizer' } });
    expect(await loadCurrentUser(db(), { uid: reviewer.id, sv: before.sessionVersion, sid })).toBeNull();
    expect(await loadCurrentUser(db(), { uid: reviewer.id, sv: after.sessionVersion, sid })).toBeNull();
  });

  it('disabling ends the sessions at their next request; re-enabling lets them sign in again', async () => {
    const reviewer = await createUser('reviewer');
    const [sidA, sidB] = [await startSession(db(), reviewer.id), await startSession(db(), reviewer.id)];
    const before = await userRow(reviewer.id);
    expect(await loadCurrentUser(db(), { uid: reviewer.id, sv: before.sessionVersion, sid: sidA })).toMatchObject({ id: reviewer.id });

    await disableUser(db(), admin, { userId: reviewer.id }, { ip: '10.0.0.1' });
    const after = await userRow(reviewer.id);
    expect(after.disabledAt).toBeInstanceOf(Date);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    const sessions = await db().select().from(userSessions).where(inArray(userSessions.id, [sidA, sidB]));
    expect(sessions.every((s) => s.endedAt !== null)).toBe(true);
    expect(await loadCurrentUser(db(), { uid: reviewer.id, sv: before.sessionVersion, sid: sidA })).toBeNull();
    expect(await auditOf('user.disabled', reviewer.id)).toHaveLength(1);

    // Disabling twice changes nothing more.
    await disableUser(db(), admin, { userId: reviewer.id });
    expect(await auditOf('user.disabled', reviewer.id)).toHaveLength(1);

    await enableUser(db(), admin, { userId: reviewer.id }, { ip: '10.0.0.1' });
    expect((await userRow(reviewer.id)).disabledAt).toBeNull();
    expect(await auditOf('user.enabled', reviewer.id)).toHaveLength(1);
    // Old sessions stay ended; a new sign-in works.
    expect(await loadCurrentUser(db(), { uid: reviewer.id, sv: after.sessionVersion, sid: sidA })).toBeNull();
    const fresh = await startSession(db(), reviewer.id);
    expect(await loadCurrentUser(db(), { uid: reviewer.id, sv: after.sessionVersion, sid: fresh })).toMatchObject({ id: reviewer.id });
  });

  it('ends all sessions of a user on request, audited', async () => {
    const organizer = await createUser('organizer');
    const sid = await startSession(db(), organizer.id);
    const before = await userRow(organizer.id);
    await endUserSessions(db(), admin, { userId: organizer.id }, { ip: '10.0.0.1' });
    expect((await userRow(organizer.id)).sessionVersion).toBe(before.sessionVersion + 1);
    const [session] = await db().select().from(userSessions).where(eq(userSessions.id, sid));
    expect(session!.endedAt).toBeInstanceOf(Date);
    expect(await auditOf('user.sessions_ended', organizer.id)).toHaveLength(1);
    expect((await userRow(organizer.id)).disabledAt).toBeNull();
  });

  it('never lets an admin disable themselves', async () => {
    const other = await createUser('admin');
    await expectRefusal(disableUser(db(), other, { userId: other.id }), 'admin.cannotDisableSelf');
    expect((await userRow(other.id)).disabledAt).toBeNull();
  });

  it('answers unknown users as not found', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      () => disableUser(db(), admin, { userId: missing }),
      () => enableUser(db(), admin, { userId: missing }),
      () => endUserSessions(db(), admin, { userId: missing }),
      () => changeUserRole(db(), admin, { userId: missing, role: 'reviewer' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('the last admin', () => {
  it('cannot be disabled or demoted', async () => {
    const last = await createUser('admin');
    await onlyAdmins(last);
    // Another admin acts (it is disabled already, so it does not count).
    const disabledAdmin = await createUser('admin', { disabledAt: new Date() });
    await expectRefusal(changeUserRole(db(), last, { userId: last.id, role: 'reviewer' }), 'admin.lastAdmin', 'role');
    await expectRefusal(disableUser(db(), disabledAdmin, { userId: last.id }), 'admin.lastAdmin');
    expect(await userRow(last.id)).toMatchObject({ role: 'admin', disabledAt: null });

    // With a second admin, either may step down.
    const second = await createUser('admin');
    await changeUserRole(db(), last, { userId: second.id, role: 'organizer' });
    expect((await userRow(second.id)).role).toBe('organizer');
  });

  it('survives two admins demoting each other at the same moment (no deadlock: the loser is told why)', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await createUser('admin'), await createUser('admin')];
      await onlyAdmins(a, b);
      const results = await Promise.allSettled([
        changeUserRole(db(), a, { userId: b.id, role: 'reviewer' }),
        changeUserRole(db(), b, { userId: a.id, role: 'reviewer' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ messageKey: 'admin.lastAdmin' });
      expect(await enabledAdmins()).toHaveLength(1);
    }
  });

  it('survives two admins disabling each other, or one demoting while the other disables, at the same moment', async () => {
    const [a, b] = [await createUser('admin'), await createUser('admin')];
    await onlyAdmins(a, b);
    const disabling = await Promise.allSettled([disableUser(db(), a, { userId: b.id }), disableUser(db(), b, { userId: a.id })]);
    expect(disabling.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((disabling.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ messageKey: 'admin.lastAdmin' });
    expect(await enabledAdmins()).toHaveLength(1);

    const [c, d] = [await createUser('admin'), await createUser('admin')];
    await onlyAdmins(c, d);
    const mixed = await Promise.allSettled([changeUserRole(db(), c, { userId: d.id, role: 'organizer' }), disableUser(db(), d, { userId: c.id })]);
    expect(mixed.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((mixed.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ messageKey: 'admin.lastAdmin' });
    expect(await enabledAdmins()).toHaveLength(1);
  });
});

describe('who may administer', () => {
  it('refuses every staff administration function to applicants, reviewers, organizers and visitors, changing nothing', async () => {
    const target = await createUser('reviewer');
    const { invitationId } = await invite('target-invite@example.kz');
    const [applicant, reviewer, organizer] = [await createUser('applicant'), await createUser('reviewer'), await createUser('organizer')];
    for (const actor of [applicant, reviewer, organizer, null]) {
      const code = actor ? 'FORBIDDEN' : 'UNAUTHENTICATED';
      const calls: (() => Promise<unknown>)[] = [
        () => listUsers(actor, {}),
        () => listPendingInvitations(actor),
        () => changeUserRole(db(), actor, { userId: target.id, role: 'admin' }),
        () => disableUser(db(), actor, { userId: target.id }),
        () => enableUser(db(), actor, { userId: target.id }),
        () => endUserSessions(db(), actor, { userId: target.id }),
        () => inviteStaff(db(), actor, { email: 'intruder@example.kz', role: 'admin', locale: 'ru' }),
        () => resendInvitation(db(), actor, { invitationId }),
        () => revokeInvitation(db(), actor, { invitationId }),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ code });
    }
    // A staff account that has not enrolled in two-factor sign-in is refused too, even an admin.
    const unenrolled = await createUser('admin', { totpSecret: null, totpEnabledAt: null });
    await expect(disableUser(db(), unenrolled, { userId: target.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await userRow(target.id)).toMatchObject({ role: 'reviewer', disabledAt: null, sessionVersion: 0 });
    expect(await db().select().from(invitations).where(eq(invitations.email, 'intruder@example.kz'))).toEqual([]);
    expect((await db().select().from(invitations).where(eq(invitations.id, invitationId)))[0]!.revokedAt).toBeNull();
  });

  it('refuses every server action of the page to those roles, with an access.denied event', async () => {
    const target = await createUser('reviewer');
    const { invitationId } = await invite('target-invite-2@example.kz');
    for (const actor of [await createUser('applicant'), await createUser('reviewer'), await createUser('organizer'), null]) {
      signIn(actor);
      const results = [
        await adminActions.changeRoleAction({ userId: target.id, role: 'admin' }),
        await adminActions.disableUserAction({ userId: target.id }),
        await adminActions.enableUserAction({ userId: target.id }),
        await adminActions.endSessionsAction({ userId: target.id }),
        await adminActions.inviteAction({ email: 'intruder2@example.kz', role: 'admin', locale: 'ru' }),
        await adminActions.resendInvitationAction({ invitationId }),
        await adminActions.revokeInvitationAction({ invitationId }),
      ];
      for (const result of results) {
        expect(result).toEqual({ ok: false, formError: actor ? 'errors.FORBIDDEN' : 'errors.UNAUTHENTICATED' });
      }
      if (actor) {
        const denials = await db()
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.actorId, actor.id), eq(auditEvents.action, 'access.denied')));
        expect(denials).toHaveLength(results.length);
        expect(denials.every((d) => (d.data as { permission?: string }).permission === 'user.manage')).toBe(true);
      }
    }
    expect(await userRow(target.id)).toMatchObject({ role: 'reviewer', disabledAt: null });

    // An admin's calls go through.
    signIn(admin);
    expect(await adminActions.disableUserAction({ userId: target.id })).toEqual({ ok: true, data: undefined });
    expect(await adminActions.enableUserAction({ userId: target.id })).toEqual({ ok: true, data: undefined });
    expect(await adminActions.disableUserAction({ userId: admin.id })).toEqual({ ok: false, formError: 'admin.cannotDisableSelf' });
  });
});

describe('rate limits', () => {
  const en = translatorFor('en');
  const ru = translatorFor('ru');

  /** Minutes until the current fixed window of `seconds` ends, as the refusal should say. */
  const minutesLeft = (seconds: number) => Math.ceil((Math.ceil(Date.now() / (seconds * 1000)) * seconds * 1000 - Date.now()) / 60_000);

  function expectRetryMessage(result: unknown, windowSeconds: number) {
    expect(result).toMatchObject({ ok: false, formError: 'errors.tryAgainIn' });
    const minutes = (result as { formErrorValues: { minutes: number } }).formErrorValues.minutes;
    expect(Math.abs(minutes - minutesLeft(windowSeconds))).toBeLessThanOrEqual(1);
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(en('errors.tryAgainIn', { minutes })).toBe(`Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    expect(ru('errors.tryAgainIn', { minutes })).toMatch(new RegExp(`^Слишком много попыток\\. Попробуйте снова через ${minutes} минут`));
  }

  it('refuses the 11th sign-up from one address within the hour, and says when to retry', async () => {
    signIn(null);
    ip.current = '10.30.0.1';
    for (let i = 0; i < 10; i++) {
      const result = await signUpAction({ name: 'Тест Тестов', email: `signup-${i}@example.kz`, password: PASSWORD, locale: 'ru' });
      expect(result).toMatchObject({ ok: true });
    }
    const refused = await signUpAction({ name: 'Тест Тестов', email: 'signup-10@example.kz', password: PASSWORD, locale: 'ru' });
    expectRetryMessage(refused, 3600);
    expect(await db().query.users.findFirst({ where: eq(users.email, 'signup-10@example.kz') })).toBeUndefined();
    // Another address is not affected.
    ip.current = '10.30.0.2';
    expect(await signUpAction({ name: 'Тест Тестов', email: 'signup-10@example.kz', password: PASSWORD, locale: 'ru' })).toMatchObject({ ok: true });
  });

  it('refuses the 11th reset request from one address and the 4th for one e-mail within the hour; keys hold no address in clear', async () => {
    signIn(null);
    await signUp(db(), { name: 'Сброс Паролев', email: 'reset-me@example.kz', password: PASSWORD, locale: 'ru' }, { ip: '10.31.9.9' });
    // Per e-mail: three links an hour, from wherever they are asked for.
    for (let i = 0; i < 3; i++) {
      ip.current = `10.31.1.${i}`;
      expect(await forgotPasswordAction({ email: 'Reset-Me@example.kz', locale: 'ru' })).toEqual({ ok: true, data: undefined });
    }
    ip.current = '10.31.1.99';
    expectRetryMessage(await forgotPasswordAction({ email: 'reset-me@example.kz', locale: 'ru' }), 3600);
    const resetMails = (await mailsTo('reset-me@example.kz')).filter((m) => m.text.includes('/reset-password?token='));
    expect(resetMails).toHaveLength(3);
    // An address that has no account is counted the same way: the refusal reveals nothing.
    for (let i = 0; i < 3; i++) await requestPasswordReset(db(), { email: 'nobody-here@example.kz', locale: 'ru' }, { ip: `10.31.2.${i}` });
    await expect(requestPasswordReset(db(), { email: 'nobody-here@example.kz', locale: 'ru' }, { ip: '10.31.2.9' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });

    // Per client address: ten an hour, whatever the e-mail.
    ip.current = '10.31.3.1';
    for (let i = 0; i < 10; i++) {
      expect(await forgotPasswordAction({ email: `someone-${i}@example.kz`, locale: 'ru' })).toMatchObject({ ok: true });
    }
    expectRetryMessage(await forgotPasswordAction({ email: 'someone-10@example.kz', locale: 'ru' }), 3600);

    const keys = (await db().select({ key: rateLimitHits.key }).from(rateLimitHits)).map((r) => r.key).join('\n');
    expect(keys).not.toMatch(/@|reset-me|nobody-here|10\.31\./);
  });

  it('refuses an admin the 51st invitation of the day, resends included', async () => {
    const busy = await createUser('admin');
    signIn(busy);
    for (let i = 0; i < 49; i++) {
      expect(await adminActions.inviteAction({ email: `bulk-${i}@example.kz`, role: 'reviewer', locale: 'ru' })).toMatchObject({ ok: true });
    }
    const [open] = await db().select({ id: invitations.id }).from(invitations).where(eq(invitations.email, 'bulk-0@example.kz'));
    expect(await adminActions.resendInvitationAction({ invitationId: open!.id })).toMatchObject({ ok: true });
    expectRetryMessage(await adminActions.inviteAction({ email: 'bulk-50@example.kz', role: 'reviewer', locale: 'ru' }), 86_400);
    expectRetryMessage(await adminActions.resendInvitationAction({ invitationId: open!.id }), 86_400);
    expect(await db().select().from(invitations).where(eq(invitations.email, 'bulk-50@example.kz'))).toEqual([]);
    // Other admins keep their own allowance.
    signIn(admin);
    expect(await adminActions.inviteAction({ email: 'bulk-50@example.kz', role: 'reviewer', locale: 'ru' })).toMatchObject({ ok: true });
  });

  it('refuses the 21st acceptance attempt from one address within the hour, even with a good link', async () => {
    signIn(null);
    const { token } = await invite('patient@example.kz');
    ip.current = '10.32.0.1';
    for (let i = 0; i < 20; i++) {
      expect(await acceptInvitationAction(acceptInput('z'.repeat(40) + String(i).padStart(3, '0')))).toEqual({ ok: false, formError: 'invitations.reasons.invalid' });
    }
    expectRetryMessage(await acceptInvitationAction(acceptInput(token)), 3600);
    expect(await checkInvitation(token)).toMatchObject({ ok: true });
    ip.current = '10.32.0.2';
    expect(await acceptInvitationAction(acceptInput(token))).toMatchObject({ ok: true });
  });
});
