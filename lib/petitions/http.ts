import { ZodError } from 'zod';
import { fromZodError } from '@/lib/actions/result';

/*
 * The public petition routes answer in the forms' own shape (formError, fieldErrors) so the sign
 * form shows each message where it belongs; generic route helpers are in lib/http.ts.
 */

/**
 * no-transform also keeps `next start` from gzipping these few dozen bytes: it cannot see their
 * length and would compress every answer, about a tenth of the CPU of a signing request.
 */
const noStore = { 'Cache-Control': 'no-store, no-transform' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...noStore, ...headers } });
}

export function badRequest(): Response {
  return json({ ok: false, formError: 'errors.BAD_REQUEST' }, 400);
}

/**
 * 429 with Retry-After, and the seconds in the body for the form's message. `busy`: the server is
 * shedding load (./admission.ts), not limiting this visitor.
 */
export function tooManyRequests(retryAfterSeconds: number, reason: 'limited' | 'busy' = 'limited'): Response {
  return json({ ok: false, formError: 'errors.RATE_LIMITED', reason, retryAfterSeconds }, 429, { 'Retry-After': String(retryAfterSeconds) });
}

/** A schema's errors as field errors (catalog keys), status 422; any other error is rethrown. */
export function invalid(error: unknown): Response {
  if (error instanceof ZodError) return json(fromZodError(error), 422);
  throw error;
}
