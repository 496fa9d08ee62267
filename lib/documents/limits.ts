/**
 * What may be uploaded as a case document. Safe to import on the client: the uploader refuses
 * what the browser can already tell before sending a byte; the server checks again from the bytes.
 */

/** One file: a phone scan of a long ruling fits; a video does not. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** All documents of one case together. */
export const MAX_CASE_BYTES = 100 * 1024 * 1024;

export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

/** The extension a stored document is served with, per detected type. */
export const EXTENSION_OF_TYPE: Record<AcceptedType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** Extensions that already name the type correctly (a ".jpeg" stays ".jpeg"). */
const EXTENSIONS_OF_TYPE: Record<AcceptedType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/png': ['png'],
};

export type DocumentLimits = { fileBytes: number; caseBytes: number };
export const DEFAULT_LIMITS: DocumentLimits = { fileBytes: MAX_FILE_BYTES, caseBytes: MAX_CASE_BYTES };

export function isAcceptedType(value: unknown): value is AcceptedType {
  return typeof value === 'string' && (ACCEPTED_TYPES as readonly string[]).includes(value);
}

/**
 * The name a document is served under: the uploader's name, with the extension of the type its
 * bytes really have, so "scan.pdf" that is a PNG opens as "scan.pdf.png" in an image viewer.
 */
export function servedFileName(originalName: string, contentType: AcceptedType): string {
  const dot = originalName.lastIndexOf('.');
  const extension = dot > 0 ? originalName.slice(dot + 1).toLowerCase() : '';
  if (EXTENSIONS_OF_TYPE[contentType].includes(extension)) return originalName;
  return `${originalName}.${EXTENSION_OF_TYPE[contentType]}`;
}
