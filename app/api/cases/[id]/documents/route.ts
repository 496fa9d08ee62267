import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { MAX_FILE_BYTES } from '@/lib/documents/limits';
import { addDocument, assertCanChangeDocuments, documentFailure, isDocumentKind } from '@/lib/documents/mutations';
import { MULTIPART_OVERHEAD_BYTES, receiveFile } from '@/lib/documents/multipart';
import { refuseIfUploadingTooFast } from '@/lib/documents/upload-limit';
import { failure } from '@/lib/http';

export const dynamic = 'force-dynamic';

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
  const limited = await refuseIfUploadingTooFast(user);
  if (limited) return limited;
  const declaredLength = Number(request.headers.get('content-length'));
  if (declaredLength > MAX_FILE_BYTES + MULTIPART_OVERHEAD_BYTES) return failure(413, 'documents.tooLarge');
  const { body } = request;
  if (!body) return failure(400, 'documents.fileRequired');
  const ip = await requestIp();
  const outcome = await receiveFile({ body, contentType: request.headers.get('content-type') ?? '' }, MAX_FILE_BYTES, async (fields, file, filename) => {
    const kind = fields.get('kind');
    if (!isDocumentKind(kind)) throw new AppError('VALIDATION', 'documents.kindRequired', 'kind');
    return addDocument(user, { caseId, kind, originalName: filename, stream: file }, { ip });
  });
  if (!outcome.ok) {
    const { status, error } = documentFailure(outcome.error);
    return failure(status, error);
  }
  const { id, kind, originalName, contentType, sizeBytes, sha256, createdAt } = outcome.value;
  return Response.json(
    { ok: true, document: { id, kind, originalName, contentType, sizeBytes, sha256, createdAt } },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
}
