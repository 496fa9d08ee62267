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
  let ctx: ActionContext | undefined;
  try {
    ctx = { db: getDb(), user: await getCurrentUser(), ip: await requestIp() };
    return ok(await fn(parsed.data, ctx));
  } catch (error) {
    if (ctx) await recordDenial(ctx.user?.id, ctx.ip, error, ctx.db);
    return fromError(error);
  }
}

/** After a successful action, re-renders the pages under these route layouts so they show the change. */
export async function refreshLayouts<T extends { ok: boolean }>(result: Promise<T>, ...layouts: string[]): Promise<T> {
  const value = await result;
  if (value.ok) for (const layout of layouts) revalidatePath(layout, 'layout');
  return value;
}
