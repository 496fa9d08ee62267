// No 'server-only' here: lib/boot.ts (instrumentation) starts the maintenance that uses this module.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { bundleCases, bundles, cases, documents, type CaseStatus } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { getStorage } from '@/lib/storage';

/*
 * Erasing cases for good: the rows (documents, events, messages, notes, assignments, assessments,
 * tags and read marks go with them through ON DELETE CASCADE) and, once the transaction has
 * committed, the encrypted files. Used by account deletion and by the retention of declined
 * cases. A case of the legal record (isLegalRecord) is never erased here; for one in a frozen bundle
 * the foreign keys from bundle_cases and bundle_documents would refuse anyway.
 */

export type ErasureReason = 'account_deleted' | 'retention';

/** Statuses that only a case frozen in a bundle for the prosecutor, or sent to them, has. */
export const legalRecordStatuses: CaseStatus[] = ['bundled', 'filed', 'protest_brought', 'protest_refused'];

/**
 * Whether the case is part of the legal record: it belongs to a bundle past its draft (finalized,
 * submitted or answered: the bundle froze its facts and documents), or its status says it went
 * that far (also for a case whose bundle rows are missing, e.g. older or imported data). Such a
 * case is kept when its applicant deletes their account.
 * The case's id stays outside the subquery: drizzle leaves columns unqualified in a select list,
 * and an unqualified "id" inside it would name the bundle's.
 */
export const isLegalRecord = sql<boolean>`(${inArray(cases.status, legalRecordStatuses)} or ${cases.id} in (select bc.case_id from ${bundleCases} bc join ${bundles} b on b.id = bc.bundle_id where b.status <> 'draft'))`;

/**
 * Erases `caseIds` (already locked by the caller) inside its transaction and returns the storage
 * keys of their documents, to remove with removeStoredFiles after the commit: removing them
 * before would leave rows pointing at nothing if the transaction failed. A case in a draft bundle
 * is taken out of it first (the bundle's version moves on, so an organizer's open page is stale).
 * Each erasure is audited with the case id and status only, no personal data.
 */
export async function unsafeEraseCases(
  tx: DbOrTx,
  caseIds: string[],
  audit: { actorId: string | null; ip?: string | null; reason: ErasureReason; data?: Record<string, unknown> },
): Promise<string[]> {
  if (!caseIds.length) return [];
  const removed = await tx.delete(bundleCases).where(inArray(bundleCases.caseId, caseIds)).returning({ bundleId: bundleCases.bundleId, caseId: bundleCases.caseId });
  for (const r of removed) {
    await tx
      .update(bundles)
      .set({ version: sql`${bundles.version} + 1`, updatedAt: new Date() })
      .where(and(eq(bundles.id, r.bundleId), eq(bundles.status, 'draft')));
    await recordAudit(tx, { actorId: audit.actorId, ip: audit.ip, action: 'bundle.case_removed', recordType: 'bundle', recordId: r.bundleId, data: { caseId: r.caseId, reason: audit.reason } });
  }
  const keys = (await tx.select({ key: documents.storageKey }).from(documents).where(inArray(documents.caseId, caseIds))).map((d) => d.key);
  const erased = await tx.delete(cases).where(inArray(cases.id, caseIds)).returning({ id: cases.id, status: cases.status });
  for (const c of erased) {
    await recordAudit(tx, { actorId: audit.actorId, ip: audit.ip, action: 'case.erased', recordType: 'case', recordId: c.id, data: { status: c.status, reason: audit.reason, ...audit.data } });
  }
  return keys;
}

/**
 * Removes stored files whose rows are gone. A failure is logged (without the key's owner) and
 * skipped: the rows are already erased, and an encrypted file nobody points at reveals nothing
 * without DOCUMENT_KEY.
 */
export async function removeStoredFiles(keys: string[]): Promise<number> {
  const storage = getStorage();
  let removed = 0;
  for (const key of keys) {
    try {
      await storage.remove(key);
      removed += 1;
    } catch (error) {
      console.error('Could not remove an erased document file:', error instanceof Error ? error.message : 'unknown error');
    }
  }
  return removed;
}
