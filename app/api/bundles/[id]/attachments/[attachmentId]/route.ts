import { Readable } from 'node:stream';
import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { openBundleAttachment } from '@/lib/bundles/submission';
import type { AcceptedType } from '@/lib/documents/limits';
import { contentDispositionOf } from '@/lib/documents/queries';
import { documentFailure } from '@/lib/documents/mutations';

export const dynamic = 'force-dynamic';

/** Downloads the stamped cover letter or the prosecutor's reply of a bundle (audited). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ ok: false, error: 'documents.signedOut' }, { status: 401 });
  const { id, attachmentId } = await params;
  const ip = await requestIp();
  try {
    const { attachment, stream } = await openBundleAttachment(user, id, attachmentId, { ip });
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        'Content-Type': attachment.contentType,
        'Content-Length': String(attachment.sizeBytes),
        'Content-Disposition': contentDispositionOf({ originalName: attachment.originalName, contentType: attachment.contentType as AcceptedType }, true),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    await recordDenial(user.id, ip, error);
    const { status, error: key } = documentFailure(error, 'documents.openFailed');
    return Response.json({ ok: false, error: key }, { status, headers: { 'Cache-Control': 'no-store' } });
  }
}
