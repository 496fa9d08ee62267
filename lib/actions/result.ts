import type { z } from 'zod';
import { isAppError } from '@/lib/errors';

/** What every server action returns. Messages are catalog keys, translated by the form. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; formError?: string; formErrorValues?: Record<string, string | number>; fieldErrors?: Record<string, string[]> };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function fromZodError(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'root';
    const key = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
    (fieldErrors[field] ??= []).push(key);
  }
  return { ok: false, fieldErrors };
}

/** Maps a thrown error to a result. Unknown errors are logged (without arguments) and hidden. */
export function fromError(error: unknown): ActionResult<never> {
  if (isAppError(error)) {
    return error.field
      ? { ok: false, fieldErrors: { [error.field]: [error.messageKey] } }
      : { ok: false, formError: error.messageKey, ...(error.values ? { formErrorValues: error.values } : {}) };
  }
  console.error('Action failed:', error instanceof Error ? error.message : 'unknown error');
  return { ok: false, formError: 'errors.UNEXPECTED' };
}
