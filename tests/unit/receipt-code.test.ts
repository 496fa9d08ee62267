import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkReceipt, encodeReceipt, type ReceiptFacts } from '@/lib/receipts/code';

beforeAll(() => {
  vi.stubEnv('RECEIPT_SIGNING_KEY', crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const facts: ReceiptFacts = {
  v: 1,
  reference: 'RD-2026-00042',
  submittedAt: '2026-11-27T10:00:00.000Z',
  kind: 'criminal',
  region: 'pavlodar',
  court: 'Павлодарский городской суд',
  caseNumber: '5510-21-00-1/233',
  judgmentDate: '2021-06-14',
  documents: [{ name: 'приговор.pdf', kind: 'judgment', size: 1234, sha256: 'a'.repeat(64) }],
};

describe('filing receipt codes', () => {
  it('verify as genuine and give back exactly the printed facts, even with line breaks from a PDF', () => {
    const code = encodeReceipt(facts);
    expect(checkReceipt(code)).toEqual({ status: 'genuine', facts });
    const wrapped = code.match(/.{1,60}/g)!.join('\n  ');
    expect(checkReceipt(wrapped)).toEqual({ status: 'genuine', facts });
  });

  it('catch any change to what was certified', () => {
    const [payload, signature] = encodeReceipt(facts).split('.');
    const forged = Buffer.from(JSON.stringify({ ...facts, reference: 'RD-2026-00043' })).toString('base64url');
    expect(checkReceipt(`${forged}.${signature}`)).toEqual({ status: 'invalid' });
    const flipped = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
    expect(checkReceipt(`${payload}.${flipped}`)).toEqual({ status: 'invalid' });
  });

  it('call anything else malformed', () => {
    expect(checkReceipt('hello')).toEqual({ status: 'malformed' });
    expect(checkReceipt('<script>.x')).toEqual({ status: 'malformed' });
    expect(checkReceipt('')).toEqual({ status: 'malformed' });
  });
});
