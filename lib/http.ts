import type { AppError } from '@/lib/errors';

/*
 * What every route handler answers with: JSON errors that no cache keeps, and private downloads a
 * browser never sniffs into something else.
 */

/** `{ ok: false, error }` with a catalog key, never cached. */
export function failure(status: number, error: string): Response {
  return Response.json({ ok: false, error }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** The status of a refusal: 403 not allowed, 404 not found (or not theirs), 400 anything else. */
export function statusOf(error: AppError): number {
  return error.code === 'FORBIDDEN' ? 403 : error.code === 'NOT_FOUND' ? 404 : 400;
}

type Download = {
  contentType: string;
  /** A full Content-Disposition value (inline or attachment, with the file name). */
  disposition: string;
  /** When known; a stream of unknown length is sent chunked. */
  length?: number;
};

/** A private, uncached file answer: documents, exports, receipts. */
export function download(body: BodyInit, { contentType, disposition, length }: Download): Response {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Disposition': disposition,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (length !== undefined) headers['Content-Length'] = String(length);
  return new Response(body, { headers });
}

/** `attachment; filename="…"` for names the app made itself (ASCII, no quotes). */
export const attachmentNamed = (filename: string) => `attachment; filename="${filename}"`;

/** JSON bodies of the app's own small JSON routes; anything larger is refused unread. */
const MAX_JSON_BYTES = 16 * 1024;

/** The request's JSON body, or null when it is missing, too large or not JSON. Never throws. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_JSON_BYTES || !request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}
