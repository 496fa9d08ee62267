import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, env, isEmbedded } from './env';

/**
 * Reads a secret from the environment or, for the embedded demo only, from a file under
 * .data/ that is generated on first use. A server on PostgreSQL must be configured explicitly.
 */
function secretFromEnvOrFile(value: string | undefined, file: string, name: string, bytes: number): string {
  if (value) return value;
  if (!isEmbedded() && env().NODE_ENV === 'production') {
    throw new Error(`${name} must be set when DATABASE_URL is set (see README, Configuration).`);
  }
  const full = path.join(dataDir(), file);
  try {
    return fs.readFileSync(full, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir(), { recursive: true });
    const generated = crypto.randomBytes(bytes).toString('base64');
    // wx: if another process raced us, keep its value.
    try {
      fs.writeFileSync(full, generated, { mode: 0o600, flag: 'wx' });
    } catch {
      return fs.readFileSync(full, 'utf8').trim();
    }
    return generated;
  }
}

// Read once per process: they are needed on every request.
let cachedAuthSecret: string | undefined;
let cachedDocumentKey: Buffer | undefined;

export function authSecret(): string {
  cachedAuthSecret ??= secretFromEnvOrFile(env().NEXTAUTH_SECRET, 'auth-secret', 'NEXTAUTH_SECRET', 48);
  return cachedAuthSecret;
}

/** The AES-256 key for stored documents. */
export function documentKey(): Buffer {
  if (!cachedDocumentKey) {
    const key = Buffer.from(secretFromEnvOrFile(env().DOCUMENT_KEY, 'document.key', 'DOCUMENT_KEY', 32), 'base64');
    if (key.length !== 32) throw new Error('DOCUMENT_KEY must decode to 32 bytes');
    cachedDocumentKey = key;
  }
  return cachedDocumentKey;
}

/** Keyed hash of a client address: lets us count and trace without storing the address. */
export function hashIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  return crypto.createHmac('sha256', authSecret()).update(`ip:${ip}`).digest('hex').slice(0, 32);
}

/**
 * Keyed hash of an e-mail address typed at sign-in: lets the audit log and the throttle tell
 * attempts on one address apart without keeping the address (the audit log can never be erased).
 */
export function hashEmail(email: string): string {
  return crypto.createHmac('sha256', authSecret()).update(`email:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);
}

export function sha256Hex(value: string | Buffer): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}
