import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { dataDir } from '@/lib/env';
import { getStorage, TooLargeError } from '@/lib/storage';

describe('encrypted document storage', () => {
  it('stores ciphertext on disk and gives back the exact bytes with their SHA-256', async () => {
    const bytes = crypto.randomBytes(300_000);
    const stored = await getStorage().put(Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    expect(stored.sizeBytes).toBe(bytes.length);
    expect(stored.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    const onDisk = fs.readFileSync(path.join(dataDir(), 'uploads', stored.key));
    expect(onDisk.includes(bytes.subarray(0, 64))).toBe(false);
    expect(await buffer(await getStorage().get(stored.key))).toEqual(bytes);
  });

  it('detects a file altered on disk', async () => {
    const stored = await getStorage().put(Readable.from([Buffer.from('Приговор: оправдать. '.repeat(100))]));
    const file = path.join(dataDir(), 'uploads', stored.key);
    const content = fs.readFileSync(file);
    content[40] = content[40]! ^ 0xff;
    fs.writeFileSync(file, content);
    await expect(text(await getStorage().get(stored.key))).rejects.toThrow();
  });

  it('refuses a file over the limit and leaves nothing behind', async () => {
    const before = fs.existsSync(path.join(dataDir(), 'uploads')) ? fs.readdirSync(path.join(dataDir(), 'uploads'), { recursive: true }).length : 0;
    await expect(getStorage().put(Readable.from([crypto.randomBytes(2048)]), { maxBytes: 1024 })).rejects.toBeInstanceOf(TooLargeError);
    const after = fs.readdirSync(path.join(dataDir(), 'uploads'), { recursive: true }).filter((f) => String(f).includes('-')).length;
    expect(after).toBeLessThanOrEqual(before);
  });

  it('rejects storage keys that try to leave the uploads folder', async () => {
    await expect(getStorage().get('../auth-secret')).rejects.toThrow('Invalid storage key');
  });
});
