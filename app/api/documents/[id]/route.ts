import { Readable } from 'node:stream';
import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { documentFailure, removeDocument } from '@/lib/documents/mutations';
import { contentDispositionOf, openDocument } from '@/lib/documents/queries';
import { download, failure } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Streams a decrypted document: inline by default, as a download with `?download=1`. */
export async function GET(request: Request, { params }: Context) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'documents.signedOut');
  const { id } = await params;
  try {
    const isDownload = new URL(request.url).searchParams.get('download') === '1';
    const { document, stream } = await openDocument(user, id, { ip: await requestIp(), isDownload });
    return download(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      contentType: document.contentType,
      disposition: contentDispositionOf(document, isDownload),
      length: document.sizeBytes,
    });
  } catch (error) {
    const { status, error: key } = documentFailure(error, 'documents.openFailed');
    return failure(status, key);
  }
}

/** Removes a document of the applicant's own editable case. */
export async function DELETE(_request: Request, { params }: Context) {
  const user = await getCurrentUser();
  if (!user) return failure(401, 'documents.signedOut');
  const { id } = await params;
  try {
    await removeDocument(user, id, { ip: await requestIp() });
    return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const { status, error: key } = documentFailure(error, 'documents.removeFailed');
    return failure(status, key);
  }
}
