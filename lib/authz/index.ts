import type { CaseStatus } from '@/db/schema/cases';
import type { Role } from '@/db/schema/users';
import { AppError } from '@/lib/errors';
import { permissions, type Action } from './permissions';

export { permissions, type Action };

/** The signed-in user as the rest of the app sees it. `twoFactor`: two-factor sign-in is turned on. */
export type CurrentUser = { id: string; email: string; name: string; role: Role; locale: 'kk' | 'ru' | 'en'; twoFactor: boolean };

export type CaseResource = { applicantId: string; status: CaseStatus };
export type RecommendationResource = { recommendedById: string };

type Resource = {
  'case.file': CaseResource;
  'case.view': CaseResource;
  'case.confirm': RecommendationResource;
};
type ResourceOf<A extends Action> = A extends keyof Resource ? Resource[A] : undefined;

/**
 * Staff see allegations, criminal records and prisoners' documents, so a stolen password alone
 * must not open them: a staff account without two-factor sign-in may only manage itself
 * (`account.own`, where it turns two-factor on) until it enrolls.
 */
export function needsTwoFactorEnrollment(user: CurrentUser): boolean {
  return user.role !== 'applicant' && !user.twoFactor;
}

export function hasRole(user: CurrentUser | null, action: Action): user is CurrentUser {
  if (!user) return false;
  if (needsTwoFactorEnrollment(user) && action !== 'account.own') return false;
  return (permissions[action] as readonly Role[]).includes(user.role);
}

/**
 * Whether `user` may perform `action`, on `resource` when the rule depends on the record.
 * Without a resource, answers for the role alone (used for navigation and list pages, whose
 * queries then scope rows themselves).
 */
export function can<A extends Action>(user: CurrentUser | null, action: A, resource?: ResourceOf<A>): boolean {
  if (!hasRole(user, action)) return false;
  if (!resource) return true;
  switch (action) {
    case 'case.file': {
      const r = resource as CaseResource;
      return r.applicantId === user.id;
    }
    case 'case.view': {
      const r = resource as CaseResource;
      if (user.role === 'applicant') return r.applicantId === user.id;
      // Drafts belong to the applicant until they submit.
      return r.status !== 'draft';
    }
    case 'case.confirm': {
      // Four eyes: the second reviewer must be someone else.
      return (resource as RecommendationResource).recommendedById !== user.id;
    }
    default:
      return true;
  }
}

/**
 * Throws unless `user` may perform `action`. A record the user may not see is NOT_FOUND, never
 * FORBIDDEN, so ids reveal nothing; a role that may never do this is FORBIDDEN.
 */
export function assertCan<A extends Action>(
  user: CurrentUser | null,
  action: A,
  resource?: ResourceOf<A>,
): asserts user is CurrentUser {
  if (!user) throw new AppError('UNAUTHENTICATED', undefined, undefined, action);
  if (needsTwoFactorEnrollment(user) && action !== 'account.own') throw new AppError('FORBIDDEN', 'auth.twoFactorRequired', undefined, action);
  if (!hasRole(user, action)) throw new AppError(resource ? 'NOT_FOUND' : 'FORBIDDEN', undefined, undefined, action);
  if (resource && !can(user, action, resource))
    throw action === 'case.confirm'
      ? new AppError('FORBIDDEN', 'review.cannotConfirmOwn', undefined, action)
      : new AppError('NOT_FOUND', undefined, undefined, action);
}

/** Sections for everyone, visitors included: public pages with nothing to authorize. Shown before the role's own. */
export const publicNavigation: { href: string; labelKey: string }[] = [
  { href: '/petitions', labelKey: 'publicPetitions.nav' },
  { href: '/stats', labelKey: 'stats.nav' },
];

/** Navigation entries per role: which sections a role sees. The pages check again themselves. */
export const navigation: { href: string; labelKey: string; action: Action; roles?: Role[] }[] = [
  { href: '/my/cases', labelKey: 'nav.myCases', action: 'case.file' },
  { href: '/review', labelKey: 'nav.queue', action: 'queue.view' },
  { href: '/organize/bundles', labelKey: 'nav.bundles', action: 'bundle.manage' },
  { href: '/organize/petitions', labelKey: 'nav.petitions', action: 'petition.manage' },
  { href: '/organize/insights', labelKey: 'nav.insights', action: 'insights.view' },
  { href: '/admin/users', labelKey: 'nav.users', action: 'user.manage' },
  { href: '/admin/audit', labelKey: 'nav.audit', action: 'audit.view' },
  { href: '/admin/mail', labelKey: 'nav.mail', action: 'mail.manage' },
  { href: '/admin/settings', labelKey: 'nav.settings', action: 'settings.manage' },
];

/** Where each role lands after signing in. */
export const landingPath: Record<Role, string> = {
  applicant: '/my/cases',
  reviewer: '/review',
  organizer: '/organize/bundles',
  admin: '/admin/users',
};
