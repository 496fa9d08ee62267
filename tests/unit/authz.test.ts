import { describe, expect, it } from 'vitest';
import type { Role } from '@/db/schema/users';
import { assertCan, can, landingPath, navigation, type Action, type CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';

const user = (role: Role, id = `${role}-1`, twoFactor = role !== 'applicant'): CurrentUser => ({ id, email: `${id}@example.kz`, name: id, role, locale: 'ru', twoFactor });
const roles: Role[] = ['applicant', 'reviewer', 'organizer', 'admin'];

// DESIGN.md "Who may do what", written out independently of lib/authz/permissions.ts.
const expected: Record<Action, Role[]> = {
  'case.file': ['applicant'],
  'case.view': ['applicant', 'reviewer', 'organizer', 'admin'],
  'queue.view': ['reviewer', 'organizer', 'admin'],
  'case.review': ['reviewer', 'organizer', 'admin'],
  'case.confirm': ['reviewer', 'organizer', 'admin'],
  // Issue 4: organizers and admins assign cases to reviewers.
  'case.assign': ['organizer', 'admin'],
  'bundle.manage': ['organizer', 'admin'],
  'petition.manage': ['organizer', 'admin'],
  'insights.view': ['organizer', 'admin'],
  'export.create': ['organizer', 'admin'],
  'user.manage': ['admin'],
  'audit.view': ['admin'],
  // Issue 7: failed mails and retention settings are the admin's; every account manages itself.
  'mail.manage': ['admin'],
  'settings.manage': ['admin'],
  'account.own': ['applicant', 'reviewer', 'organizer', 'admin'],
};

describe('the permission table', () => {
  for (const [action, allowed] of Object.entries(expected) as [Action, Role[]][]) {
    for (const role of roles) {
      const isAllowed = allowed.includes(role);
      it(`${role} ${isAllowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(user(role), action)).toBe(isAllowed);
        if (!isAllowed) expect(() => assertCan(user(role), action)).toThrow(AppError);
      });
    }
  }

  it('refuses everything to a visitor who is not signed in', () => {
    for (const action of Object.keys(expected) as Action[]) {
      expect(can(null, action)).toBe(false);
      expect(() => assertCan(null, action)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    }
  });
});

describe('two-factor sign-in for staff', () => {
  const staffRoles = ['reviewer', 'organizer', 'admin'] as const;

  it('refuses every staff action to staff who have not turned it on, whatever their role allows', () => {
    for (const role of staffRoles) {
      const pending = user(role, `${role}-pending`, false);
      for (const action of Object.keys(expected) as Action[]) {
        if (action === 'account.own') continue;
        expect(can(pending, action), `${role} ${action}`).toBe(false);
        expect(() => assertCan(pending, action), `${role} ${action}`).toThrow(
          expect.objectContaining({ code: 'FORBIDDEN', messageKey: 'auth.twoFactorRequired' }),
        );
      }
      // Record rules do not open a way around it either.
      expect(can(pending, 'case.view', { applicantId: 'applicant-1', status: 'submitted' })).toBe(false);
      expect(can(pending, 'case.confirm', { recommendedById: 'someone-else' })).toBe(false);
    }
  });

  it('lets them manage their own account, where they turn it on', () => {
    for (const role of staffRoles) {
      const pending = user(role, `${role}-pending`, false);
      expect(can(pending, 'account.own')).toBe(true);
      expect(() => assertCan(pending, 'account.own')).not.toThrow();
    }
  });

  it('shows them no staff section until they enroll', () => {
    for (const role of staffRoles) {
      expect(navigation.filter((n) => can(user(role, role, false), n.action))).toEqual([]);
      expect(navigation.filter((n) => can(user(role), n.action)).length).toBeGreaterThan(0);
    }
  });

  it('leaves applicants free to choose', () => {
    const withoutTwoFactor = user('applicant', 'applicant-1', false);
    expect(can(withoutTwoFactor, 'case.file')).toBe(true);
    expect(can(withoutTwoFactor, 'account.own')).toBe(true);
  });
});

describe('record rules', () => {
  const own = { applicantId: 'applicant-1', status: 'submitted' as const };
  const other = { applicantId: 'applicant-2', status: 'submitted' as const };

  it('lets an applicant see and edit only their own case, and hides others as not found', () => {
    expect(can(user('applicant'), 'case.view', own)).toBe(true);
    expect(can(user('applicant'), 'case.file', own)).toBe(true);
    expect(can(user('applicant'), 'case.view', other)).toBe(false);
    expect(() => assertCan(user('applicant'), 'case.file', other)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('keeps drafts away from staff', () => {
    const draft = { applicantId: 'applicant-1', status: 'draft' as const };
    for (const role of ['reviewer', 'organizer', 'admin'] as const) {
      expect(can(user(role), 'case.view', draft)).toBe(false);
      expect(can(user(role), 'case.view', other)).toBe(true);
    }
  });

  it('never lets staff file or edit an applicant case', () => {
    for (const role of ['reviewer', 'organizer', 'admin'] as const) {
      expect(() => assertCan(user(role), 'case.file', own)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    }
  });

  it('never lets a reviewer confirm their own recommendation', () => {
    expect(can(user('reviewer', 'r1'), 'case.confirm', { recommendedById: 'r1' })).toBe(false);
    expect(can(user('reviewer', 'r2'), 'case.confirm', { recommendedById: 'r1' })).toBe(true);
    expect(() => assertCan(user('reviewer', 'r1'), 'case.confirm', { recommendedById: 'r1' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});

describe('navigation', () => {
  const labels = (role: Role) => navigation.filter((n) => can(user(role), n.action)).map((n) => n.labelKey);

  it('shows each role its own sections', () => {
    expect(labels('applicant')).toEqual(['nav.myCases']);
    expect(labels('reviewer')).toEqual(['nav.queue']);
    expect(labels('organizer')).toEqual(['nav.queue', 'nav.bundles', 'nav.petitions', 'nav.insights']);
    expect(labels('admin')).toEqual(expect.arrayContaining(['nav.users', 'nav.audit']));
  });

  it('lands every role on a section it may open', () => {
    for (const role of roles) {
      const entry = navigation.find((n) => n.href === landingPath[role]);
      expect(entry && can(user(role), entry.action), role).toBe(true);
    }
  });
});
