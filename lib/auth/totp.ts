import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { documentKey } from '@/lib/secrets';

/**
 * Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app
 * reads from a QR code). Secrets are stored encrypted (AES-256-GCM with a key derived from
 * DOCUMENT_KEY), so a database dump alone does not yield working second factors.
 */
const PERIOD = 30;
/** One step either side: a phone clock a little off still works. */
const WINDOW = 1;
const ISSUER = 'Redress';

function totpFor(secretBase32: string, label = 'account'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits), base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** The QR code of `uri` as an SVG string (rendered on the server: no script needed). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The current code; used by the demo's sign-in hints and by tests. */
export function currentTotp(secretBase32: string, now = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: now });
}

export function totpStep(now = Date.now()): number {
  return Math.floor(now / 1000 / PERIOD);
}

/**
 * The time step `code` belongs to, or null. A step at or before `lastStep` (already used) is
 * refused, so a code cannot be replayed within its window.
 */
export function verifyTotp(secretBase32: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, window: WINDOW, timestamp: now });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

function secretKey(): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', documentKey(), Buffer.alloc(0), 'redress totp secret', 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptTotpSecret(secretBase32: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(), iv);
  const data = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptTotpSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unreadable TOTP secret');
  const decipher = crypto.createDecipheriv('aes-256-gcm', secretKey(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** Ten single-use recovery codes, `xxxxx-xxxxx` from an alphabet without look-alikes. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are random (about 49 bits), so a keyed SHA-256 suffices; compared normalized. */
export function hashRecoveryCode(code: string): string {
  const normalized = code.trim().toLowerCase().replace(/[\s-]+/g, '');
  return crypto.createHmac('sha256', secretKey()).update(`recovery:${normalized}`).digest('hex');
}
