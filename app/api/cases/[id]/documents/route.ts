import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { getCurrentUser, requestIp } from '@/lib/auth/session';
import type { CurrentUser } from '@/lib/authz';
import { AppError, isAppError } from '@/lib/errors';
import { MAX_FILE_BYTES } from '@/lib/documents/limits';
import { addDocument, assertCanChangeDocuments, documentFailure, isDocumentKind } from '@/lib/documents/mutations';
import type { CaseDocument } from '@/lib/documents/queries';

export const dynamic = 'force-dynamic';

/** Room for the multipart framing and the `kind` field around one file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

type Outcome = { ok: true; document: CaseDocument } | { ok: false; error: unknown };

function failure(status: number, error: string): Response {
  return Response.json({ ok: false, error }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Streams a multipart body through busboy into `addDocument`: the `kind` field first, then one
 * `file` part. Nothing is buffered beyond the parser's chunks.
 */
function receiveUpload(
  request: { body: ReadableStream<Uint8Array>; contentType: string },
  user: CurrentUser,
  caseId: string,
  ip: string | null,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': request.contentType },
        // Browsers send non-ASCII file names as raw UTF-8, not latin1.
        defParamCharset: 'utf8',
        // One byte past the limit, so storage sees the overflow and refuses instead of keeping a truncated file.
        limits: { files: 1, fields: 4, parts: 8, fieldSize: 1024, fileSize: MAX_FILE_BYTES + 1 },
      });
    } catch {
      resolve({ ok: false, error: new AppError('VALIDATION', 'documents.invalidRequest') });
      return;
    }
    let kind: string | undefined;
    let upload: Promise<Outcome> | undefined;
    parser.on('field', (name, value) => {
      if (name === 'kind') kind = value;
    });
    parser.on('file', (name, file, info) => {
      // Errors (a dropped connection) reach addDocument through the stream's state; never crash on them.
      file.on('error', () => {});
      if (name !== 'file' || upload) {
        file.resume();
        return;
      }
      if (!isDocumentKind(kind)) {
        file.resume();
        upload = Promise.resolve({ ok: false, error: new AppError('VALIDATION', 'documents.kindRequired', 'kind') });
        return;
      }
      upload = addDocument(user, { caseId, kind, originalName: info.filename ?? '', stream: file }, { ip }).then(
        (document): Outcome => ({ ok: true, document }),
        (error: unknown): Outcome => {
          // Let the parser read past the refused file so the answer can be sent.
          file.resume();
          return { ok: false, error };
        },
      );
    });
    parser.once('close', () => resolve(upload ?? { ok: false, error: new AppError('VALIDATION', 'documents.fileRequired', 'file') }));
    // A malformed or interrupted body is the client's problem (400), not a server failure.
    parser.once('error', () => {
      const broken: Outcome = { ok: false, error: new AppError('VALIDATION', 'documents.invalidRequest') };
      resolve(upload ? upload.then((outcome) => (outcome.ok || isAppError(outcome.error) ? outcome : broken)) : broken);
    });
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    // A dropped connection ends the parser, which errors the file stream, which makes storage clean up.
    body.once('error', (error) => parser.destroy(error));
    body.pipe(parser);
  });
}

/** Uploads one document to a case: multipart with `kind`, then `file`. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'documents.signedOut');
  const { id: caseId } = await params;
  try {
    // Not found, not theirs or locked: answer before reading the body.
    await assertCanChangeDocuments(user, caseId);
  } catch (error) {
    const { status, error: key } = documentFailure(error);
    return failure(status, key);
  }
  const declaredLength = Number(request.headers.get('content-length'));
  if (declaredLength > MAX_FILE_BYTES + MULTIPART_OVERHEAD_BYTES) return failure(413, 'documents.tooLarge');
  const { body } = request;
  if (!body) return failure(400, 'documents.fileRequired');
  const outcome = await receiveUpload({ body, contentType: request.headers.get('content-type') ?? '' }, user, caseId, await requestIp());
  if (!outcome.ok) {
    const { status, error } = documentFailure(outcome.error);
    return failure(status, error);
  }
  const { id, kind, originalName, contentType, sizeBytes, sha256, createdAt } = outcome.document;
  return Response.json(
    { ok: true, document: { id, kind, originalName, contentType, sizeBytes, sha256, createdAt } },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
}
