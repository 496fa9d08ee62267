import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { addBundleAttachment, assertCanAttach, isAttachmentPurpose } from '@/lib/bundles/submission';
import { MAX_FILE_BYTES } from '@/lib/documents/limits';
import { documentFailure } from '@/lib/documents/mutations';
import { MULTIPART_OVERHEAD_BYTES, receiveFile } from '@/lib/documents/multipart';
import { refuseIfUploadingTooFast } from '@/lib/documents/upload-limit';
import { AppError } from '@/lib/errors';
import { failure } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Uploads the stamped cover letter or the prosecutor's reply: multipart with `purpose` (in the URL too), then `file`. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'documents.signedOut');
  const { id: bundleId } = await params;
  const purpose = new URL(request.url).searchParams.get('purpose');
  if (!isAttachmentPurpose(purpose)) return failure(400, 'documents.invalidRequest');
  const ip = await requestIp();
  try {
    // Not allowed, not found or not at this step: answer before reading the body.
    await assertCanAttach(user, bundleId, purpose);
  } catch (error) {
    await recordDenial(user.id, ip, error);
    const { status, error: key } = documentFailure(error);
    return failure(status, key);
  }
  const limited = await refuseIfUploadingTooFast(user);
  if (limited) return limited;
  if (Number(request.headers.get('content-length')) > MAX_FILE_BYTES + MULTIPART_OVERHEAD_BYTES) return failure(413, 'documents.tooLarge');
  const { body } = request;
  if (!body) return failure(400, 'documents.fileRequired');
  const outcome = await receiveFile({ body, contentType: request.headers.get('content-type') ?? '' }, MAX_FILE_BYTES, (_fields, file, filename) => {
    if (!filename) throw new AppError('VALIDATION', 'documents.fileRequired', 'file');
    return addBundleAttachment(user, { bundleId, purpose, originalName: filename, stream: file }, { ip });
  });
  if (!outcome.ok) {
    const { status, error } = documentFailure(outcome.error);
    return failure(status, error);
  }
  return Response.json({ ok: true, attachment: outcome.value }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
