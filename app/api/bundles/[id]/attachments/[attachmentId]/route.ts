import { Readable } from 'node:stream';
import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { openBundleAttachment } from '@/lib/bundles/submission';
import type { AcceptedType } from '@/lib/documents/limits';
import { contentDispositionOf } from '@/lib/documents/queries';
import { documentFailure } from '@/lib/documents/mutations';
import { download, failure } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Downloads the stamped cover letter or the prosecutor's reply of a bundle (audited). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'documents.signedOut');
  const { id, attachmentId } = await params;
  const ip = await requestIp();
  try {
    const { attachment, stream } = await openBundleAttachment(user, id, attachmentId, { ip });
    return download(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      contentType: attachment.contentType,
      disposition: contentDispositionOf({ originalName: attachment.originalName, contentType: attachment.contentType as AcceptedType }, true),
      length: attachment.sizeBytes,
    });
  } catch (error) {
    await recordDenial(user.id, ip, error);
    const { status, error: key } = documentFailure(error, 'documents.openFailed');
    return failure(status, key);
  }
}
