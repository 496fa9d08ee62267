import { z } from 'zod';
import { signBytes, verifyBytes } from './signing';

/**
 * What a filing receipt certifies. Everything here is printed on the receipt, so checking a
 * code reveals nothing that its holder could not already read.
 */
export const receiptFactsSchema = z.object({
  v: z.literal(1),
  reference: z.string(),
  submittedAt: z.string(),
  kind: z.string().nullable(),
  region: z.string().nullable(),
  court: z.string().nullable(),
  caseNumber: z.string().nullable(),
  judgmentDate: z.string().nullable(),
  documents: z.array(z.object({ name: z.string(), kind: z.string(), size: z.number(), sha256: z.string() })),
});
export type ReceiptFacts = z.infer<typeof receiptFactsSchema>;

/** "<facts as base64url JSON>.<Ed25519 signature as base64url>" */
export function encodeReceipt(facts: ReceiptFacts): string {
  const payload = Buffer.from(JSON.stringify(facts), 'utf8');
  return `${payload.toString('base64url')}.${signBytes(payload).toString('base64url')}`;
}

export type ReceiptCheck = { status: 'genuine'; facts: ReceiptFacts } | { status: 'invalid' } | { status: 'malformed' };

/** Checks a pasted code: whitespace and line breaks from copying out of a PDF are ignored. */
export function checkReceipt(code: string): ReceiptCheck {
  const compact = code.replace(/\s+/g, '');
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(compact);
  if (!match || compact.length > 20_000) return { status: 'malformed' };
  const payload = Buffer.from(match[1]!, 'base64url');
  if (!verifyBytes(payload, Buffer.from(match[2]!, 'base64url'))) return { status: 'invalid' };
  try {
    const facts = receiptFactsSchema.parse(JSON.parse(payload.toString('utf8')));
    return { status: 'genuine', facts };
  } catch {
    // Signed by us but not a receipt we understand: treat as not genuine.
    return { status: 'invalid' };
  }
}
