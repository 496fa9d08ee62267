import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { getCurrentUser, requestIp } from '@/lib/auth/session';
import type { CurrentUser } from '@/lib/authz';
import { recordDenial } from '@/lib/audit/record';
import { fromError, fromZodError, ok, type ActionResult } from './result';

export type ActionContext = { db: Db; user: CurrentUser | null; ip: string | null };

/**
 * The one way a server action runs: re-validate the input with the same zod schema the form
 * used, load the session user and client address, call one domain function, and map any
 * error onto form fields. Authorization happens in the domain function, with `ctx.user`.
 */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  fn: (data: z.output<S>, ctx: ActionContext) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fromZodError(parsed.error);
  const data = storable(parsed.data);
  if (data.nulAt !== null) return { ok: false, fieldErrors: { [data.nulAt || 'root']: ['validation.invalid'] } };
  let ctx: ActionContext | undefined;
  try {
    ctx = { db: getDb(), user: await getCurrentUser(), ip: await requestIp() };
    return ok(await fn(data.value as z.output<S>, ctx));
  } catch (error) {
    if (ctx) await recordDenial(ctx.user?.id, ctx.ip, error, ctx.db);
    return fromError(error);
  }
}

/**
 * The input as PostgreSQL can store it. U+0000 cannot be stored at all and a query carrying one
 * fails: such input is refused beside its field (`nulAt`, a dotted path) instead of ending in
 * "something went wrong". A lone UTF-16 surrogate (half an emoji from a broken paste) becomes
 * U+FFFD, as encoding it to UTF-8 for a text column would anyway; left as it is, it fails every
 * jsonb column the text also goes into (case events, queued mail).
 */
function storable(value: unknown, path: string[] = []): { value: unknown; nulAt: string | null } {
  if (typeof value === 'string') return value.includes('\u0000') ? { value, nulAt: path.join('.') } : { value: value.toWellFormed(), nulAt: null };
  const isPlain = Array.isArray(value) || (!!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype);
  if (!isPlain || path.length > 20) return { value, nulAt: null };
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const [key, item] of Object.entries(value as object)) {
    const cleaned = storable(item, [...path, key]);
    if (cleaned.nulAt !== null) return cleaned;
    // defineProperty: an own "__proto__" key (z.record keeps one) stays a key, never a prototype.
    Object.defineProperty(out, key, { value: cleaned.value, enumerable: true, writable: true, configurable: true });
  }
  return { value: out, nulAt: null };
}

/** After a successful action, re-renders the pages under these route layouts so they show the change. */
export async function refreshLayouts<T extends { ok: boolean }>(result: Promise<T>, ...layouts: string[]): Promise<T> {
  const value = await result;
  if (value.ok) for (const layout of layouts) revalidatePath(layout, 'layout');
  return value;
}
