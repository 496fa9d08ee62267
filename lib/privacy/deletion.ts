import 'server-only';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { authThrottles, authTokens, bundleCases, bundles, caseReads, cases, jobs, mailboxMessages, recoveryCodes, users, type CaseStatus } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { verifyPassword } from '@/lib/auth/passwords';
import { endAllSessions } from '@/lib/auth/sessions';
import { throttleKeys } from '@/lib/auth/throttle';
import { searchTextOf } from '@/lib/cases/names';
import { AppError } from '@/lib/errors';
import { hitLimits } from '@/lib/limits';
import { MAIL_JOB } from '@/lib/mail/send';
import { deleteAccountSchema, type DeleteAccountInput } from '@/lib/validation/privacy';
import { isLegalRecord, removeStoredFiles, unsafeEraseCases } from './erase';

/*
 * Deleting one's account (issue 7, privacy rights). The rule, stated on the page before the
 * applicant confirms:
 * - a case in a bundle that has been finalized, submitted to the prosecutor or answered is kept,
 *   with its documents and messages: the bundle froze it, and it is the legal record of a protest
 *   requested on the applicant's behalf. Only the contact phone (which exists to reach the
 *   applicant) is removed from it;
 * - every other case is erased with its documents: drafts, withdrawn and declined cases, and cases
 *   still being reviewed or accepted but not yet in a finalized bundle (withdrawn and erased at
 *   once: nothing has been filed yet, so nothing needs to stay);
 * - the account row stays (audit events and case history point at it) but is anonymized: no name,
 *   an address that cannot receive mail, a password that matches nothing, no second factor, every
 *   session ended. Petition signatures stay: they belong to the petition and are keyed by address.
 * Staff cannot delete their own accounts; an admin disables them.
 */

/** What replaces the name of a deleted account (no language: staff of every locale read it). */
export const DELETED_ACCOUNT_NAME = '—';
/** Can never match a bcrypt hash, so no password signs in. */
const UNUSABLE_PASSWORD_HASH = '!deleted';

/** An address no one can own (RFC 2606 reserves .invalid), unique per account. */
export const deletedAccountEmail = (userId: string) => `deleted-${userId}@deleted.invalid`;

/** Attempts at confirming a deletion per account and hour: the password is checked each time. */
const DELETE_ATTEMPTS_PER_HOUR = 10;

export type PlannedCase = { id: string; reference: string | null; status: CaseStatus };
export type DeletionPlan = { canDelete: boolean; erased: PlannedCase[]; kept: PlannedCase[] };

/** Which of the user's cases deletion would erase and which it would keep, for the page. */
export async function planAccountDeletion(user: CurrentUser | null, db: Db = getDb()): Promise<DeletionPlan> {
  assertCan(user, 'account.own');
  if (user.role !== 'applicant') return { canDelete: false, erased: [], kept: [] };
  const rows = await db
    .select({ id: cases.id, reference: cases.reference, status: cases.status, isKept: isLegalRecord })
    .from(cases)
    .where(eq(cases.applicantId, user.id))
    .orderBy(asc(cases.createdAt), asc(cases.id));
  return {
    canDelete: true,
    erased: rows.filter((r) => !r.isKept).map(planned),
    kept: rows.filter((r) => r.isKept).map(planned),
  };
}

const planned = (r: PlannedCase): PlannedCase => ({ id: r.id, reference: r.reference, status: r.status });

export type DeletionResult = { erasedCases: number; keptCases: number };

/**
 * Deletes the signed-in applicant's account by the rule above, after checking the typed
 * confirmation (their address) and their password. One transaction; the erased cases' files are
 * removed once it has committed.
 */
export async function deleteMyAccount(db: Db, user: CurrentUser | null, input: DeleteAccountInput, ctx: { ip?: string | null } = {}): Promise<DeletionResult> {
  assertCan(user, 'account.own');
  if (user.role !== 'applicant') throw new AppError('FORBIDDEN', 'privacy.delete.staffCannot', undefined, 'account.own');
  const data = deleteAccountSchema.parse(input);
  const limited = await hitLimits(db, [{ key: `account-delete:user:${user.id}`, limit: DELETE_ATTEMPTS_PER_HOUR, windowSeconds: 3600 }]);
  if (!limited.ok) throw new AppError('RATE_LIMITED', 'privacy.delete.rateLimited');

  const [account] = await db.select().from(users).where(eq(users.id, user.id));
  if (!account || account.deletedAt || account.disabledAt) throw new AppError('UNAUTHENTICATED');
  if (data.confirmation.trim().toLowerCase() !== account.email.toLowerCase()) throw new AppError('VALIDATION', 'validation.confirmationMismatch', 'confirmation');
  if (!(await verifyPassword(data.password, account.passwordHash))) throw new AppError('VALIDATION', 'privacy.delete.wrongPassword', 'password');

  const { result, storageKeys } = await db.transaction(async (tx) => {
    const [locked] = await tx.select({ deletedAt: users.deletedAt, email: users.email }).from(users).where(eq(users.id, user.id)).for('update');
    if (!locked || locked.deletedAt) throw new AppError('UNAUTHENTICATED');

    // Draft bundles before cases, the order finalizing a bundle takes its locks in.
    await tx
      .select({ id: bundles.id })
      .from(bundles)
      .where(
        and(
          eq(bundles.status, 'draft'),
          sql`exists (select 1 from ${bundleCases} bc join ${cases} c on c.id = bc.case_id where bc.bundle_id = ${bundles.id} and c.applicant_id = ${user.id})`,
        ),
      )
      .orderBy(asc(bundles.id))
      .for('update');
    await tx.select({ id: cases.id }).from(cases).where(eq(cases.applicantId, user.id)).orderBy(asc(cases.id)).for('update');
    // Decided on the locked rows: a bundle finalized meanwhile has either committed (kept) or waits.
    const owned = await tx
      .select({ id: cases.id, reference: cases.reference, caseNumber: cases.caseNumber, convictedPersonName: cases.convictedPersonName, courtName: cases.courtName, judgeName: cases.judgeName, isKept: isLegalRecord })
      .from(cases)
      .where(eq(cases.applicantId, user.id));
    const erasedIds = owned.filter((c) => !c.isKept).map((c) => c.id);
    const kept = owned.filter((c) => c.isKept);

    const keys = await unsafeEraseCases(tx, erasedIds, { actorId: user.id, ip: ctx.ip, reason: 'account_deleted' });
    const now = new Date();
    // Kept cases lose what only served to reach the applicant; the search text is rebuilt without their name.
    for (const c of kept) {
      await tx
        .update(cases)
        .set({ contactPhone: null, searchText: searchTextOf([c.reference, c.caseNumber, c.convictedPersonName, c.courtName, c.judgeName]), updatedAt: now })
        .where(eq(cases.id, c.id));
    }
    if (kept.length) await tx.delete(caseReads).where(and(eq(caseReads.userId, user.id), inArray(caseReads.caseId, kept.map((c) => c.id))));

    await tx
      .update(users)
      .set({
        name: DELETED_ACCOUNT_NAME,
        email: deletedAccountEmail(user.id),
        passwordHash: UNUSABLE_PASSWORD_HASH,
        emailVerifiedAt: null,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        deletedAt: now,
        disabledAt: now,
        updatedAt: now,
      })
      .where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.delete(authTokens).where(eq(authTokens.userId, user.id));
    // Where the address is kept in clear: the sign-in throttle's key, mail not yet sent or already
    // sent (a job the worker is sending right now is left to finish), the demo mailbox.
    const address = locked.email.toLowerCase();
    await tx.delete(authThrottles).where(eq(authThrottles.key, throttleKeys(address, null)[0]!.key));
    await tx.delete(jobs).where(and(eq(jobs.kind, MAIL_JOB), ne(jobs.status, 'running'), sql`lower(${jobs.payload}->>'to') = ${address}`));
    await tx.delete(mailboxMessages).where(sql`lower(${mailboxMessages.to}) = ${address}`);
    await endAllSessions(tx, user.id);
    await recordAudit(tx, {
      actorId: user.id,
      ip: ctx.ip,
      action: 'account.deleted',
      recordType: 'user',
      recordId: user.id,
      data: { erasedCases: erasedIds.length, keptCases: kept.length },
    });
    return { result: { erasedCases: erasedIds.length, keptCases: kept.length }, storageKeys: keys };
  });
  await removeStoredFiles(storageKeys);
  return result;
}
