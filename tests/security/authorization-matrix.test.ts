import crypto from 'node:crypto';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTORS, actAsPerson, seedWorld, type World } from './support/actors';
import { isAppError } from '@/lib/errors';
import { A, arrangeAttempt, exercisedLive, F, N, rows, U, type Outcome } from './support/matrix-rows';
import { actionErrors, NextSignal, request, resetRequest } from './support/next-mocks';
import { changedTables, fingerprint } from './support/records';
import { discoverSurface, repoRoot } from './support/surface';

vi.mock('next-auth', async (original) => (await import('./support/next-mocks')).mockNextAuth(await original()));
vi.mock('next/headers', async () => (await import('./support/next-mocks')).mockHeaders());
vi.mock('next/cache', async (original) => (await import('./support/next-mocks')).mockCache(await original()));
vi.mock('next/navigation', async (original) => (await import('./support/next-mocks')).mockNavigation(await original()));
vi.mock('next/server', async (original) => (await import('./support/next-mocks')).mockServer(await original()));
vi.mock('@/lib/actions/result', async (original) => (await import('./support/next-mocks')).mockActionResult(await original()));

/*
 * The authorization matrix (issue 7): every exported server action and every route handler,
 * called as a visitor, an applicant, another applicant (with the first one's ids), a reviewer,
 * an organizer and an admin, each on fresh records that belong to someone else, with the
 * outcome checked against DESIGN.md's "Who may do what" table and lib/authz/permissions.ts. The
 * table itself is tests/security/support/matrix-rows.ts. The handlers and actions are
 * discovered on disk: one without a row there fails the suite, naming itself.
 */

// ---------------------------------------------------------------------------------------------

/** What a caller would notice: the action's result, the response's status, or Next's signal. */
async function outcomeOf(invoke: () => Promise<unknown>): Promise<Outcome | string> {
  let value: unknown;
  try {
    value = await invoke();
  } catch (error) {
    if (error instanceof NextSignal) {
      if (error.kind === 'notFound') return N;
      if (error.kind === 'forbidden') return F;
      if (error.kind === 'unauthorized' || (error.kind === 'redirect' && error.target?.includes('/sign-in'))) return U;
      return A;
    }
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  if (value instanceof Response) {
    // Read the body: a stream that fails half-way is not a success.
    const body = await value.arrayBuffer().then(
      () => 'read',
      (e: unknown) => `body failed: ${e instanceof Error ? e.message : String(e)}`,
    );
    if (value.status >= 200 && value.status < 300) return body === 'read' ? A : body;
    return ({ 401: U, 403: F, 404: N } as Record<number, Outcome>)[value.status] ?? `status ${value.status}`;
  }
  const result = value as { ok?: boolean; formError?: string; fieldErrors?: Record<string, string[]> };
  if (result?.ok === true) return A;
  // The refusal's code, from the error the action turned into this result.
  const error = actionErrors.last;
  if (isAppError(error) && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return error.code;
  const key = result?.formError ?? Object.entries(result?.fieldErrors ?? {}).map(([f, k]) => `${f}: ${k.join(',')}`)[0];
  const byKey: Record<string, Outcome> = {
    'errors.UNAUTHENTICATED': U,
    'errors.FORBIDDEN': F,
    'errors.NOT_FOUND': N,
    'review.notYourCase': F,
    'review.cannotConfirmOwn': F,
    'auth.twoFactorRequired': F,
  };
  return (key && byKey[key]) || `refused: ${key ?? JSON.stringify(value)}`;
}

let world: World;
const surface = discoverSurface();
const modules = new Map<string, Record<string, unknown>>();

async function handlerOf(key: string): Promise<(...args: unknown[]) => Promise<unknown>> {
  const [file, name] = key.split('#') as [string, string];
  if (!modules.has(file)) modules.set(file, (await import(/* @vite-ignore */ path.join(repoRoot, file))) as Record<string, unknown>);
  const fn = modules.get(file)![name];
  if (typeof fn !== 'function') throw new Error(`${key} is not an exported function`);
  return fn as (...args: unknown[]) => Promise<unknown>;
}

beforeAll(async () => {
  world = await seedWorld();
});

beforeEach(() => {
  resetRequest();
});

describe('the matrix covers the whole surface', () => {
  it('has a row for every exported server action and route handler, and none for what no longer exists', () => {
    const covered = new Set([...rows.map((r) => r.key), ...Object.keys(exercisedLive)]);
    const discovered = new Set(surface.entries.map((e) => e.key));
    const missing = [...discovered].filter((k) => !covered.has(k)).map((k) => `add a row for ${k} to tests/security/support/matrix-rows.ts`);
    const stale = [...covered].filter((k) => !discovered.has(k)).map((k) => `remove the row for ${k}: no such export`);
    expect([...missing, ...stale]).toEqual([]);
    // What the report counts.
    const actions = surface.entries.filter((e) => e.kind === 'action').length;
    const routes = surface.entries.filter((e) => e.kind === 'route').length;
    console.info(`Authorization matrix: ${actions} server actions and ${routes} route handlers, ${rows.length} rows × ${ACTORS.length} actors.`);
  });

  it('finds no inline server actions (a function with its own "use server") that the scan cannot key', () => {
    expect(surface.inline).toEqual([]);
  });
});

describe.each(rows.map((r) => [r.scenario ? `${r.key} (${r.scenario})` : r.key, r] as const))('%s', (_label, row) => {
  it('answers each caller as DESIGN.md says, and a refusal changes nothing', async () => {
    const handler = await handlerOf(row.key);
    const mismatches: string[] = [];
    for (const actor of ACTORS) {
      resetRequest();
      // A fresh address per attempt: rate limits are not what this test is about.
      request.ip = `198.18.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
      const attempt = await arrangeAttempt(world, actor, row);
      const args = await row.arrange(attempt);
      actAsPerson(attempt.me);
      const before = row.expect[actor] === A ? undefined : await fingerprint();
      const outcome = await outcomeOf(() => handler(...args));
      if (outcome !== row.expect[actor]) mismatches.push(`${actor}: expected ${row.expect[actor]}, got ${outcome}`);
      if (before) {
        const changed = changedTables(before, await fingerprint());
        if (changed.length) mismatches.push(`${actor}: refused, yet changed ${changed.join(', ')}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
