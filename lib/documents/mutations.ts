import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '@/db/client';
import { cases, documentKindEnum, documents, type CaseStatus, type DocumentKind } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { CaseResource, CurrentUser } from '@/lib/authz';
import { AppError, isAppError } from '@/lib/errors';
import { getStorage, TooLargeError, type StoredObject } from '@/lib/storage';
import { DEFAULT_LIMITS, type AcceptedType, type DocumentLimits } from './limits';
import {
  assertDocumentAccess,
  documentColumns,
  notFound,
  toCaseDocument,
  unsafeFindCase,
  unsafeFindDocument,
  type CaseDocument,
} from './queries';
import { inspectUpload, type UploadContext } from './inspect';
import { SNIFF_BYTES, sniffType } from './sniff';

/** The applicant may change a case's documents while it is theirs to edit: a draft, or when asked for more. */
const EDITABLE_STATUSES: readonly CaseStatus[] = ['draft', 'needs_info'];

export type AddDocumentInput = {
  caseId: string;
  kind: DocumentKind | string;
  /** As the client named it; only shown back, never used to decide the type. */
  originalName: string;
  /** The file's bytes. Read once; on failure it is left unpiped, not destroyed (the caller drains it). */
  stream: Readable;
};

export type MutationOptions = { db?: Db; ip?: string | null };

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (documentKindEnum.enumValues as readonly string[]).includes(value);
}

function assertEditable(found: CaseResource): void {
  if (!EDITABLE_STATUSES.includes(found.status)) throw new AppError('CONFLICT', 'documents.locked');
}

/**
 * Throws unless `user` may add or remove documents of the case now: their own case, in an editable
 * status. Route handlers call it before reading an upload's body, so a refusal costs no transfer;
 * `addDocument` checks again.
 */
export async function assertCanChangeDocuments(user: CurrentUser | null, caseId: string, options: { db?: DbOrTx } = {}): Promise<void> {
  // Only applicants ever file: staff are refused by role before any lookup.
  assertDocumentAccess(user, 'case.file');
  const found = await unsafeFindCase(options.db ?? getDb(), caseId);
  assertDocumentAccess(user, 'case.file', found);
  assertEditable(found);
}

/** What is left of a file name once paths, control and direction-override characters are gone. */
export function cleanFileName(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  // Nothing left, or only dots ("..", "."): no name worth showing.
  if (!cleaned || /^\.+$/.test(cleaned)) return 'document';
  if (cleaned.length <= 200) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 200 - extension.length) + extension;
}

async function usedBytes(db: DbOrTx, caseId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string | number>`coalesce(sum(${documents.sizeBytes}), 0)` })
    .from(documents)
    .where(eq(documents.caseId, caseId));
  return Number(row?.total ?? 0);
}

/**
 * Reads at least `size` bytes (or the whole stream, if shorter) and hands back a stream that
 * yields everything from the first byte again. Only the first chunk(s) are held, never the file.
 *
 * The hand-over happens inside the 'data' handler, synchronously: given a tick, a stream whose
 * last chunk this was would emit 'end' with nobody listening and the rest would be lost.
 */
function peek(source: Readable, size: number): Promise<{ head: Buffer; rest: PassThrough }> {
  return new Promise((resolve, reject) => {
    // Already broken (e.g. the client went away while access was being checked): no event will come.
    if (source.destroyed || source.readableAborted) {
      reject(source.errored ?? new Error('Upload stream closed early'));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const stopListening = () => source.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      length += buffer.length;
      if (length < size) return;
      stopListening();
      const head = Buffer.concat(chunks);
      // A pass-through between the caller's stream and storage: if storage gives up (too large),
      // it destroys this one and the caller's stream stays usable, e.g. for busboy to drain.
      const rest = new PassThrough();
      rest.write(head);
      source.once('error', (error) => rest.destroy(error));
      source.pipe(rest);
      resolve({ head, rest });
    };
    const onEnd = () => {
      stopListening();
      const head = Buffer.concat(chunks);
      const rest = new PassThrough();
      rest.end(head);
      resolve({ head, rest });
    };
    const onError = (error: Error) => {
      stopListening();
      reject(error);
    };
    const onClose = () => onError(new Error('Upload stream closed early'));
    source.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

/**
 * Detects an upload's type from its first bytes (PDF, JPEG or PNG only) and streams it encrypted
 * into storage within `maxBytes`, through the upload checks (lib/documents/inspect.ts: PDFs with
 * active content, ClamAV when configured). On refusal the caller's stream is detached and left
 * drainable, and nothing stays stored, except a file ClamAV flagged, which is quarantined
 * (audited with `context`).
 */
export async function storeUpload(
  stream: Readable,
  maxBytes: number,
  tooLargeKey = 'documents.tooLarge',
  context: UploadContext = {},
): Promise<{ stored: StoredObject; contentType: AcceptedType }> {
  const { head, rest } = await peek(stream, SNIFF_BYTES);
  // On refusal, detach the caller's stream at once: left to the pass-through's 'close', the
  // unpipe would pause it again after the caller started draining it.
  const release = () => {
    stream.unpipe(rest);
    rest.destroy();
  };
  if (head.length === 0) {
    release();
    throw new AppError('VALIDATION', 'documents.emptyFile', 'file');
  }
  const contentType = sniffType(head);
  if (!contentType) {
    release();
    throw new AppError('VALIDATION', 'documents.unsupportedType', 'file');
  }
  const inspection = inspectUpload(rest, contentType);
  let stored: StoredObject;
  try {
    stored = await getStorage().put(inspection.stream, { maxBytes });
  } catch (error) {
    release();
    if (error instanceof TooLargeError) throw new AppError('VALIDATION', tooLargeKey, 'file');
    throw inspection.explain(error);
  }
  await inspection.settle(stored, context);
  return { stored, contentType };
}

/**
 * Stores an uploaded document of the user's own case (draft or needs_info only): detects its type
 * from its first bytes, streams it encrypted into storage within the per-file and per-case limits,
 * then records the row and an audit event. On any failure nothing stays stored: no row, no file.
 */
export async function addDocument(
  user: CurrentUser | null,
  input: AddDocumentInput,
  options: MutationOptions & { limits?: Partial<DocumentLimits> } = {},
): Promise<CaseDocument> {
  const db = options.db ?? getDb();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  await assertCanChangeDocuments(user, input.caseId, { db });
  assertDocumentAccess(user, 'case.file');
  if (!isDocumentKind(input.kind)) throw new AppError('VALIDATION', 'documents.kindRequired', 'kind');
  const kind = input.kind;
  const originalName = cleanFileName(input.originalName);

  const room = limits.caseBytes - (await usedBytes(db, input.caseId));
  if (room <= 0) throw new AppError('VALIDATION', 'documents.caseTooLarge', 'file');
  const maxBytes = Math.min(limits.fileBytes, room);
  const tooLargeKey = maxBytes < limits.fileBytes ? 'documents.caseTooLarge' : 'documents.tooLarge';

  const { stored, contentType } = await storeUpload(input.stream, maxBytes, tooLargeKey, { actorId: user.id, ip: options.ip, recordType: 'case', recordId: input.caseId, db });

  try {
    return await db.transaction(async (tx) => {
      // Lock the case: its status and its documents' total are checked again with the row held,
      // so a submission or a parallel upload during this one's transfer cannot slip past.
      const [locked] = await tx
        .select({ applicantId: cases.applicantId, status: cases.status })
        .from(cases)
        .where(eq(cases.id, input.caseId))
        .for('update');
      if (!locked) throw notFound();
      assertDocumentAccess(user, 'case.file', locked);
      assertEditable(locked);
      if ((await usedBytes(tx, input.caseId)) + stored.sizeBytes > limits.caseBytes) {
        throw new AppError('VALIDATION', 'documents.caseTooLarge', 'file');
      }
      const [row] = await tx
        .insert(documents)
        .values({
          caseId: input.caseId,
          kind,
          originalName,
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.key,
          uploaderId: user.id,
        })
        .returning(documentColumns);
      await tx.update(cases).set({ updatedAt: new Date() }).where(eq(cases.id, input.caseId));
      await recordAudit(tx, {
        actorId: user.id,
        ip: options.ip,
        action: 'document.added',
        recordType: 'document',
        recordId: row!.id,
        data: { caseId: input.caseId, kind, contentType, sizeBytes: stored.sizeBytes },
      });
      return toCaseDocument(row!);
    });
  } catch (error) {
    await getStorage()
      .remove(stored.key)
      .catch(() => console.error('Could not remove a refused upload:', stored.key));
    throw error;
  }
}

/**
 * Removes a document of the user's own case (draft or needs_info only), with an audit event.
 * The row goes first: a file left behind by a crash is unreachable ciphertext, whereas a row
 * without its file would be a broken document.
 */
export async function removeDocument(user: CurrentUser | null, documentId: string, options: MutationOptions = {}): Promise<void> {
  assertDocumentAccess(user, 'case.file');
  const db = options.db ?? getDb();
  const found = await unsafeFindDocument(db, documentId);
  assertDocumentAccess(user, 'case.file', found);
  assertEditable(found);
  await db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ applicantId: cases.applicantId, status: cases.status })
      .from(cases)
      .where(eq(cases.id, found.document.caseId))
      .for('update');
    if (!locked) throw notFound();
    assertDocumentAccess(user, 'case.file', locked);
    assertEditable(locked);
    const deleted = await tx.delete(documents).where(eq(documents.id, documentId)).returning({ id: documents.id });
    if (deleted.length === 0) throw notFound();
    await tx.update(cases).set({ updatedAt: new Date() }).where(eq(cases.id, found.document.caseId));
    await recordAudit(tx, {
      actorId: user.id,
      ip: options.ip,
      action: 'document.removed',
      recordType: 'document',
      recordId: documentId,
      data: { caseId: found.document.caseId, kind: found.document.kind, sizeBytes: found.document.sizeBytes },
    });
  });
  await getStorage()
    .remove(found.storageKey)
    .catch(() => console.error('Could not remove a deleted document file:', found.storageKey));
}

const statusOfKey: Record<string, number> = {
  'documents.signedOut': 401,
  'documents.forbidden': 403,
  'documents.notFound': 404,
  'documents.locked': 409,
  'documents.tooLarge': 413,
  'documents.caseTooLarge': 413,
  'documents.unsupportedType': 415,
  'documents.activeContent': 422,
  'documents.pdfUnchecked': 422,
  'documents.infected': 422,
  'documents.tooLargeToScan': 413,
  'documents.scanUnavailable': 503,
  'documents.rateLimited': 429,
};

/**
 * The HTTP answer for an error from this module: its status and catalog key. Unexpected errors
 * are logged without details that could hold personal data and answered 500 with `fallbackKey`.
 */
export function documentFailure(error: unknown, fallbackKey = 'documents.uploadFailed'): { status: number; error: string } {
  if (isAppError(error)) {
    if (statusOfKey[error.messageKey]) return { status: statusOfKey[error.messageKey]!, error: error.messageKey };
    if (error.messageKey.startsWith('documents.')) return { status: 400, error: error.messageKey };
    const byCode: Partial<Record<AppError['code'], string>> = {
      UNAUTHENTICATED: 'documents.signedOut',
      FORBIDDEN: 'documents.forbidden',
      NOT_FOUND: 'documents.notFound',
      CONFLICT: 'documents.locked',
    };
    const key = byCode[error.code];
    if (key) return { status: statusOfKey[key]!, error: key };
  }
  console.error('Document request failed:', error instanceof Error ? error.message : 'unknown error');
  return { status: 500, error: fallbackKey };
}
