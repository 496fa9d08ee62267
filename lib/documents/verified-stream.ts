import crypto from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Passes stored bytes through and fails the stream at its end if they are not the recorded ones
 * (size and SHA-256): a download never completes with altered or truncated contents.
 */
export async function* verifiedStream(stream: Readable, file: { path: string; sizeBytes: number; sha256: string }): AsyncGenerator<Uint8Array> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    yield chunk;
  }
  if (size !== file.sizeBytes || hash.digest('hex') !== file.sha256) throw new Error(`${file.path} does not match its recorded SHA-256`);
}
