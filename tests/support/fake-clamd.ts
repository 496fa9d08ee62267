import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A stand-in for clamd on a unix socket, speaking the INSTREAM protocol: "zINSTREAM\0", then
 * chunks prefixed with their 4-byte big-endian length, then a zero length; it answers with a
 * NUL-terminated line. ClamAV itself is not installed here and has no signatures offline.
 */
export type ClamMode =
  | { answer: 'clean' }
  | { answer: 'found'; signature: string }
  /** Like StreamMaxLength: past `maxBytes`, answers the size error mid-upload. */
  | { answer: 'size-limit'; maxBytes: number }
  /** Accepts the connection, then closes it without a word. */
  | { answer: 'hang-up' }
  /** Answers something clamd never says. */
  | { answer: 'garbage' };

export type FakeClamd = {
  socketPath: string;
  mode: ClamMode;
  /** SHA-256 and size of each stream received in full. */
  received: { sha256: string; bytes: number }[];
  close(): Promise<void>;
};

export async function startFakeClamd(mode: ClamMode = { answer: 'clean' }): Promise<FakeClamd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-clamd-'));
  const socketPath = path.join(dir, 'clamd.sock');
  const fake: FakeClamd = { socketPath, mode, received: [], close: async () => {} };
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    if (fake.mode.answer === 'hang-up') {
      socket.destroy();
      return;
    }
    let buffer = Buffer.alloc(0);
    let isCommandRead = false;
    let total = 0;
    let isAnswered = false;
    const hash = crypto.createHash('sha256');
    // clamd hangs up after its answer; whatever the client still sends is ignored.
    const answer = (line: string) => {
      isAnswered = true;
      socket.end(`${line}\0`);
    };
    socket.on('data', (data: Buffer) => {
      if (isAnswered) return;
      buffer = Buffer.concat([buffer, data]);
      if (!isCommandRead) {
        if (buffer.length < 10) return;
        if (buffer.subarray(0, 10).toString('latin1') !== 'zINSTREAM\0') return answer('UNKNOWN COMMAND');
        buffer = buffer.subarray(10);
        isCommandRead = true;
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          fake.received.push({ sha256: hash.digest('hex'), bytes: total });
          const mode = fake.mode;
          return answer(mode.answer === 'found' ? `stream: ${mode.signature} FOUND` : mode.answer === 'garbage' ? 'PONG' : 'stream: OK');
        }
        if (buffer.length < 4 + length) return;
        hash.update(buffer.subarray(4, 4 + length));
        total += length;
        buffer = buffer.subarray(4 + length);
        if (fake.mode.answer === 'size-limit' && total > fake.mode.maxBytes) return answer('INSTREAM size limit exceeded. ERROR');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      });
    });
  return fake;
}
