import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Scans an upload with clamd as it streams, over its unix socket (CLAMAV_SOCKET), with the
 * INSTREAM command: "zINSTREAM\0", then chunks each prefixed with their length as 4 bytes big
 * endian, then a zero length. clamd answers "stream: OK", "stream: <signature> FOUND", or an
 * error such as "INSTREAM size limit exceeded. ERROR" (past StreamMaxLength).
 *
 * Only OK passes. A file too large to scan is refused, not passed (clamd's own default would
 * report a file past MaxScanSize/MaxFileSize clean: set AlertExceedsMax yes in clamd.conf so it
 * answers FOUND instead), and so is every failure to get an answer: once a scanner is configured,
 * uploads fail closed.
 */
export type ClamVerdict =
  | { status: 'clean' }
  | { status: 'infected'; signature: string }
  | { status: 'too-large' }
  | { status: 'failed'; reason: string };

export type ClamOptions = { socketPath: string; timeoutMs?: number };

/** Longest answer read from clamd; real ones are under a hundred bytes. */
const MAX_REPLY_BYTES = 4096;

/** What clamd's answer means. Anything not understood is a failure, never a pass. */
export function parseClamReply(reply: string): ClamVerdict {
  const text = reply.replace(/\0+$/, '').trim();
  if (/^stream: OK$/.test(text)) return { status: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(text);
  // AlertExceedsMax reports files past the scan limits as "Heuristics.Limits.Exceeded… FOUND".
  if (found) return /^Heuristics\.Limits\.Exceeded/.test(found[1]!) ? { status: 'too-large' } : { status: 'infected', signature: found[1]! };
  if (/size limit exceeded/i.test(text)) return { status: 'too-large' };
  return { status: 'failed', reason: text ? `unexpected answer: ${text.slice(0, 200)}` : 'no answer' };
}

export class ClamRefusedError extends Error {
  constructor(readonly verdict: Exclude<ClamVerdict, { status: 'clean' }>) {
    super(verdict.status === 'infected' ? `ClamAV found ${verdict.signature}` : verdict.status === 'too-large' ? 'Too large for ClamAV to scan' : `ClamAV scan failed: ${verdict.reason}`);
    this.name = 'ClamRefusedError';
  }
}

/**
 * A pass-through that copies every chunk to clamd. `verdict` settles once clamd has answered
 * (or failed). The stream errors with ClamRefusedError as soon as the scan cannot pass (too
 * large, unreachable, no answer); on FOUND it ends normally, so the caller keeps the stored
 * file and can quarantine it.
 */
export function clamavScan({ socketPath, timeoutMs = 60_000 }: ClamOptions): { stream: Transform; verdict: Promise<ClamVerdict> } {
  let settled: ClamVerdict | undefined;
  let settle!: (verdict: ClamVerdict) => void;
  const verdict = new Promise<ClamVerdict>((resolve) => {
    settle = (v) => {
      if (settled) return;
      settled = v;
      resolve(v);
    };
  });
  const reply: Buffer[] = [];
  let replyBytes = 0;
  const socket = net.createConnection(socketPath);
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error('clamd timed out')));
  socket.on('data', (data: Buffer) => {
    reply.push(data);
    replyBytes += data.length;
    // The z-prefixed command gets a NUL-terminated answer.
    if (data.includes(0) || replyBytes > MAX_REPLY_BYTES) {
      settle(parseClamReply(Buffer.concat(reply).toString('utf8')));
      socket.end();
    }
  });
  socket.on('end', () => settle(parseClamReply(Buffer.concat(reply).toString('utf8'))));
  socket.on('error', (error: NodeJS.ErrnoException) => settle({ status: 'failed', reason: error.code ?? error.message }));
  socket.on('close', () => settle(reply.length ? parseClamReply(Buffer.concat(reply).toString('utf8')) : { status: 'failed', reason: 'connection closed' }));
  socket.write('zINSTREAM\0');

  /** Writes to clamd, waiting for the socket to drain (or break) before the next chunk is taken. */
  const send = (data: Buffer, done: () => void) => {
    if (settled || socket.destroyed) return done();
    if (socket.write(data)) return done();
    const onDone = () => {
      socket.off('drain', onDone).off('close', onDone);
      done();
    };
    socket.once('drain', onDone).once('close', onDone);
  };
  const refusal = () => (settled && settled.status !== 'clean' && settled.status !== 'infected' ? new ClamRefusedError(settled) : null);

  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const early = refusal();
      if (early) return done(early);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(chunk.length);
      send(Buffer.concat([header, chunk]), () => {
        const refused = refusal();
        if (refused) done(refused);
        else done(null, chunk);
      });
    },
    flush(done: TransformCallback) {
      send(Buffer.alloc(4), () => {
        void verdict.then((v) => done(v.status === 'clean' || v.status === 'infected' ? null : new ClamRefusedError(v)));
      });
    },
    destroy(error, done) {
      settle({ status: 'failed', reason: 'upload abandoned' });
      socket.destroy();
      done(error);
    },
  });
  return { stream, verdict };
}
