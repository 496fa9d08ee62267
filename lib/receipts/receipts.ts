import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { cases, documents } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { appUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/validation/ids';
import type { Locale } from '@/lib/i18n/locales';
import { encodeReceipt, type ReceiptFacts } from './code';
import { renderReceiptPdf } from './pdf';

/** The applicant's filing receipt for their own submitted case, as a PDF in `locale`. */
export async function buildFilingReceipt(user: CurrentUser | null, caseId: string, locale: Locale, ip?: string | null): Promise<{ fileName: string; bytes: Uint8Array }> {
  assertCan(user, 'case.file');
  if (!isUuid(caseId)) throw new AppError('NOT_FOUND');
  const db = getDb();
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new AppError('NOT_FOUND');
  assertCan(user, 'case.file', row);
  if (!row.reference || !row.submittedAt) throw new AppError('NOT_FOUND');
  const docs = await db
    .select({ name: documents.originalName, kind: documents.kind, size: documents.sizeBytes, sha256: documents.sha256 })
    .from(documents)
    .where(eq(documents.caseId, caseId))
    .orderBy(asc(documents.createdAt), asc(documents.id));
  const facts: ReceiptFacts = {
    v: 1,
    reference: row.reference,
    submittedAt: row.submittedAt.toISOString(),
    kind: row.kind,
    region: row.regionCode,
    court: row.courtName,
    caseNumber: row.caseNumber,
    judgmentDate: row.judgmentDate,
    documents: docs,
  };
  const bytes = await renderReceiptPdf(facts, encodeReceipt(facts), locale, `${appUrl()}/${locale}/verify`);
  await recordAudit(db, { actorId: user.id, ip, action: 'case.receipt_downloaded', recordType: 'case', recordId: caseId });
  return { fileName: `receipt-${row.reference}.pdf`, bytes };
}
