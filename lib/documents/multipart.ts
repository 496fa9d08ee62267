import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError, isAppError } from '@/lib/errors';

export type Received<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Room for the multipart framing and a few short fields around one file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Streams a multipart body through busboy: the text fields first, then one `file` part, handed
 * to `store` as a stream (nothing is buffered beyond the parser's chunks). Malformed or
 * interrupted bodies come back as a validation error, never a crash.
 */
export function receiveFile<T>(
  request: { body: ReadableStream<Uint8Array>; contentType: string },
  maxFileBytes: number,
  store: (fields: Map<string, string>, file: Readable, filename: string) => Promise<T>,
): Promise<Received<T>> {
  return new Promise<Received<T>>((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': request.contentType },
        // Browsers send non-ASCII file names as raw UTF-8, not latin1.
        defParamCharset: 'utf8',
        // One byte past the limit, so storage sees the overflow and refuses instead of keeping a truncated file.
        limits: { files: 1, fields: 4, parts: 8, fieldSize: 1024, fileSize: maxFileBytes + 1 },
      });
    } catch {
      resolve({ ok: false, error: new AppError('VALIDATION', 'documents.invalidRequest') });
      return;
    }
    const fields = new Map<string, string>();
    let upload: Promise<Received<T>> | undefined;
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('file', (name, file, info) => {
      // Errors (a dropped connection) reach `store` through the stream's state; never crash on them.
      file.on('error', () => {});
      if (name !== 'file' || upload) {
        file.resume();
        return;
      }
      upload = Promise.resolve()
        .then(() => store(fields, file, info.filename ?? ''))
        .then(
          (value): Received<T> => ({ ok: true, value }),
          (error: unknown): Received<T> => {
            // Let the parser read past the refused file so the answer can be sent.
            file.resume();
            return { ok: false, error };
          },
        );
    });
    parser.once('close', () => resolve(upload ?? { ok: false, error: new AppError('VALIDATION', 'documents.fileRequired', 'file') }));
    // A malformed or interrupted body is the client's problem (400), not a server failure.
    parser.once('error', () => {
      const broken: Received<T> = { ok: false, error: new AppError('VALIDATION', 'documents.invalidRequest') };
      resolve(upload ? upload.then((outcome) => (outcome.ok || isAppError(outcome.error) ? outcome : broken)) : broken);
    });
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    // A dropped connection ends the parser, which errors the file stream, which makes storage clean up.
    body.once('error', (error) => parser.destroy(error));
    body.pipe(parser);
  });
}
