import type { Role } from '@/db/schema/users';

/**
 * DESIGN.md "Who may do what", as data: which roles may perform each action at all.
 * Rules that depend on the record (own cases only, never confirm your own recommendation)
 * live in ./index.ts beside this table.
 */
export const permissions = {
  /** File, edit a draft, withdraw, answer messages: the applicant's own cases. */
  'case.file': ['applicant'],
  /** See a case and its documents: applicants their own, staff submitted ones. */
  'case.view': ['applicant', 'reviewer', 'organizer', 'admin'],
  'queue.view': ['reviewer', 'organizer', 'admin'],
  /** Claim, assess, request info, recommend, decline. */
  'case.review': ['reviewer', 'organizer', 'admin'],
  /** Assign or reassign a case to any reviewer; bulk actions on the queue. */
  'case.assign': ['organizer', 'admin'],
  /** Confirm another reviewer's recommendation (never one's own). */
  'case.confirm': ['reviewer', 'organizer', 'admin'],
  'bundle.manage': ['organizer', 'admin'],
  'petition.manage': ['organizer', 'admin'],
  'insights.view': ['organizer', 'admin'],
  'export.create': ['organizer', 'admin'],
  /** Invite staff, change roles, disable accounts, end sessions. */
  'user.manage': ['admin'],
  'audit.view': ['admin'],
  /** See failed mails and send them again. */
  'mail.manage': ['admin'],
  /** Portal-wide settings (retention of declined cases). */
  'settings.manage': ['admin'],
  /** One's own account: two-factor sign-in, download one's data, delete the account. */
  'account.own': ['applicant', 'reviewer', 'organizer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof permissions;
