import 'server-only';
import { isUuid } from '@/lib/validation/ids';
import type { Readable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { cases, documents, type CaseStatus, type DocumentKind } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type Action, type CaseResource, type CurrentUser } from '@/lib/authz';
import { AppError, isAppError } from '@/lib/errors';
import { getStorage } from '@/lib/storage';
import { isAcceptedType, servedFileName, type AcceptedType } from './limits';

/** A case document as the rest of the app sees it: never its storage key. */
export type CaseDocument = {
  id: string;
  caseId: string;
  kind: DocumentKind;
  originalName: string;
  contentType: AcceptedType;
  sizeBytes: number;
  sha256: string;
  uploaderId: string | null;
  createdAt: Date;
};

export type DocumentOptions = { db?: DbOrTx; ip?: string | null };

export const documentColumns = {
  id: documents.id,
  caseId: documents.caseId,
  kind: documents.kind,
  originalName: documents.originalName,
  contentType: documents.contentType,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
  uploaderId: documents.uploaderId,
  createdAt: documents.createdAt,
};

export function toCaseDocument(row: Omit<CaseDocument, 'contentType'> & { contentType: string }): CaseDocument {
  // Only sniffed types are ever written; anything else means the row was not written by us.
  if (!isAcceptedType(row.contentType)) throw new Error('Unexpected stored document type');
  return { ...row, contentType: row.contentType };
}


const documentKeys: Partial<Record<AppError['code'], string>> = {
  UNAUTHENTICATED: 'documents.signedOut',
  FORBIDDEN: 'documents.forbidden',
  NOT_FOUND: 'documents.notFound',
};

/** `assertCan`, with the refusal worded for documents (same codes, so callers still branch on them). */
export function assertDocumentAccess(
  user: CurrentUser | null,
  action: Extract<Action, 'case.file' | 'case.view'>,
  resource?: CaseResource,
): asserts user is CurrentUser {
  try {
    assertCan(user, action, resource);
  } catch (error) {
    const key = isAppError(error) ? documentKeys[error.code] : undefined;
    if (isAppError(error) && key) throw new AppError(error.code, key, error.field);
    throw error;
  }
}

export const notFound = () => new AppError('NOT_FOUND', 'documents.notFound');

/** The case's owner and status, or NOT_FOUND. Unsafe: checks no access by itself. */
export async function unsafeFindCase(db: DbOrTx, caseId: string): Promise<{ id: string } & CaseResource> {
  if (!isUuid(caseId)) throw notFound();
  const [row] = await db
    .select({ id: cases.id, applicantId: cases.applicantId, status: cases.status })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!row) throw notFound();
  return row;
}

/** A document with its storage key and its case's owner and status. Unsafe: checks no access by itself. */
export async function unsafeFindDocument(
  db: DbOrTx,
  documentId: string,
): Promise<{ document: CaseDocument; storageKey: string; applicantId: string; status: CaseStatus }> {
  if (!isUuid(documentId)) throw notFound();
  const [row] = await db
    .select({ ...documentColumns, storageKey: documents.storageKey, applicantId: cases.applicantId, status: cases.status })
    .from(documents)
    .innerJoin(cases, eq(cases.id, documents.caseId))
    .where(eq(documents.id, documentId));
  if (!row) throw notFound();
  const { storageKey, applicantId, status, ...document } = row;
  return { document: toCaseDocument(document), storageKey, applicantId, status };
}

/**
 * A case's documents, oldest first, for whoever may see the case: its applicant, or staff once
 * it is submitted. Anyone else gets NOT_FOUND, whether or not the case exists.
 */
export async function listCaseDocuments(user: CurrentUser | null, caseId: string, options: DocumentOptions = {}): Promise<CaseDocument[]> {
  assertDocumentAccess(user, 'case.view');
  const db = options.db ?? getDb();
  const found = await unsafeFindCase(db, caseId);
  assertDocumentAccess(user, 'case.view', found);
  const rows = await db
    .select(documentColumns)
    .from(documents)
    .where(eq(documents.caseId, found.id))
    .orderBy(asc(documents.createdAt), asc(documents.id));
  return rows.map(toCaseDocument);
}

/**
 * Opens a document for reading: its row and a stream of the decrypted bytes (the stream errors
 * if the stored file was altered). A view by anyone but the case's applicant is audited, as
 * DESIGN.md asks for every view of a case's documents by staff.
 */
export async function openDocument(
  user: CurrentUser | null,
  documentId: string,
  options: DocumentOptions & { isDownload?: boolean } = {},
): Promise<{ document: CaseDocument; stream: Readable }> {
  assertDocumentAccess(user, 'case.view');
  const db = options.db ?? getDb();
  const found = await unsafeFindDocument(db, documentId);
  assertDocumentAccess(user, 'case.view', found);
  let stream: Readable;
  try {
    stream = await getStorage().get(found.storageKey);
  } catch (error) {
    // A row without its file: report it for operators, show the user "not found".
    console.error('Stored document unreadable:', found.document.id, error instanceof Error ? error.message : 'unknown error');
    throw notFound();
  }
  if (user.id !== found.applicantId) {
    try {
      await recordAudit(db, {
        actorId: user.id,
        ip: options.ip,
        action: 'document.viewed',
        recordType: 'document',
        recordId: found.document.id,
        data: { caseId: found.document.caseId, kind: found.document.kind, isDownload: options.isDownload === true },
      });
    } catch (error) {
      // No unaudited staff view.
      stream.destroy();
      throw error;
    }
  }
  return { document: found.document, stream };
}

/** RFC 5987 value characters: encodeURIComponent leaves a few of them unescaped that must be. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header for a stored document: an ASCII fallback `filename` for old
 * clients and `filename*=UTF-8''…` carrying the real (often Cyrillic) name.
 */
export function contentDispositionOf(document: Pick<CaseDocument, 'originalName' | 'contentType'>, isDownload: boolean): string {
  const name = servedFileName(document.originalName, document.contentType);
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;%]/g, '_');
  return `${isDownload ? 'attachment' : 'inline'}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
