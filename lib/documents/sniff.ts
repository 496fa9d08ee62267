import type { AcceptedType } from './limits';

/** How many leading bytes `sniffType` needs to decide. */
export const SNIFF_BYTES = 8;

const signatures: { type: AcceptedType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * The document type from its first bytes, or null for anything we do not accept. File names,
 * extensions and the client's Content-Type are never consulted: they are whatever the sender says.
 */
export function sniffType(head: Uint8Array): AcceptedType | null {
  for (const { type, bytes } of signatures) {
    if (head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte)) return type;
  }
  return null;
}
