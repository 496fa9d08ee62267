import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, env, isEmbedded } from '@/lib/env';

/**
 * The Ed25519 key that signs filing receipts. RECEIPT_SIGNING_KEY holds the private key (PKCS#8
 * PEM); the embedded demo generates one into .data/ on first use. Anyone can check a receipt
 * with the public key, which the verify page publishes.
 */
let cached: { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject } | undefined;

function loadKeys() {
  if (cached) return cached;
  let pem = process.env.RECEIPT_SIGNING_KEY;
  if (!pem) {
    if (!isEmbedded() && env().NODE_ENV === 'production') throw new Error('RECEIPT_SIGNING_KEY must be set when DATABASE_URL is set (see README, Configuration).');
    const file = path.join(dataDir(), 'receipt-ed25519.pem');
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch {
      fs.mkdirSync(dataDir(), { recursive: true });
      const generated = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      try {
        fs.writeFileSync(file, generated, { mode: 0o600, flag: 'wx' });
        pem = generated;
      } catch {
        pem = fs.readFileSync(file, 'utf8');
      }
    }
  }
  const privateKey = crypto.createPrivateKey(pem);
  cached = { privateKey, publicKey: crypto.createPublicKey(privateKey) };
  return cached;
}

export function signBytes(data: Buffer): Buffer {
  return crypto.sign(null, data, loadKeys().privateKey);
}

export function verifyBytes(data: Buffer, signature: Buffer): boolean {
  try {
    return crypto.verify(null, data, loadKeys().publicKey, signature);
  } catch {
    return false;
  }
}

/** The public key, for people who want to check receipts themselves. */
export function publicKeyPem(): string {
  return loadKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
