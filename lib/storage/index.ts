import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dataDir } from '@/lib/env';
import { documentKey } from '@/lib/secrets';

/**
 * Where document bytes live. Local disk now; an S3-compatible store can implement the same
 * two methods for multi-instance deployments.
 */
export interface DocumentStorage {
  /** Streams plaintext in, stores it encrypted, and reports the plaintext's size and SHA-256. */
  put(plaintext: Readable, options?: { maxBytes?: number }): Promise<StoredObject>;
  /** Streams the decrypted bytes; the stream errors if the stored file was altered. */
  get(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Whether the object is there (an export checks every file before it starts). */
  exists(key: string): Promise<boolean>;
  /**
   * Moves a stored object, still encrypted, out of reach of every read path (a virus scanner
   * flagged it). Operators find it under the same key in the quarantine area.
   */
  quarantine(key: string): Promise<void>;
}

export type StoredObject = { key: string; sizeBytes: number; sha256: string };

export class TooLargeError extends Error {
  constructor() {
    super('File too large');
  }
}

const MAGIC = Buffer.from('RDX1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM files: "RDX1" | 12-byte IV | ciphertext | 16-byte tag. */
export class LocalEncryptedStorage implements DocumentStorage {
  constructor(
    private readonly root: string,
    private readonly key: Buffer,
    /** Beside the uploads folder by default: <data dir>/quarantine. */
    private readonly quarantineRoot = path.join(path.dirname(root), 'quarantine'),
  ) {}

  private pathOf(key: string): string {
    if (!/^[a-f0-9]{2}\/[a-f0-9-]{36}$/.test(key)) throw new Error('Invalid storage key');
    return path.join(this.root, key);
  }

  async put(plaintext: Readable, options: { maxBytes?: number } = {}): Promise<StoredObject> {
    const id = crypto.randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const file = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const hash = crypto.createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) return done(new TooLargeError());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    out.write(Buffer.concat([MAGIC, iv]));
    try {
      await pipeline(plaintext, measure, cipher, out, { end: false });
      await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), (err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (error) {
      // A failure before the file finished opening (a scanner refusing at once) must not race the
      // open: wait until the stream has closed, or the file appears after it was removed.
      if (!out.closed) {
        const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
        out.destroy();
        await closed;
      }
      await fs.promises.rm(file, { force: true });
      throw error;
    }
    return { key, sizeBytes: size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    const handle = await fs.promises.open(file, 'r');
    try {
      const { size } = await handle.stat();
      const header = Buffer.alloc(MAGIC.length + IV_BYTES);
      await handle.read(header, 0, header.length, 0);
      if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('Not an encrypted document');
      const tag = Buffer.alloc(TAG_BYTES);
      await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, header.subarray(MAGIC.length));
      decipher.setAuthTag(tag);
      const start = header.length;
      const end = size - TAG_BYTES - 1;
      const body = end >= start ? fs.createReadStream(file, { start, end }) : Readable.from([]);
      return body.pipe(decipher);
    } finally {
      await handle.close();
    }
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async quarantine(key: string): Promise<void> {
    const from = this.pathOf(key);
    const to = path.join(this.quarantineRoot, key);
    await fs.promises.mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
    await fs.promises.rename(from, to);
  }

  async exists(key: string): Promise<boolean> {
    return fs.promises.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }
}

let storage: DocumentStorage | undefined;

export function getStorage(): DocumentStorage {
  storage ??= new LocalEncryptedStorage(path.join(dataDir(), 'uploads'), documentKey());
  return storage;
}

export function setStorage(s: DocumentStorage | undefined): void {
  storage = s;
}
