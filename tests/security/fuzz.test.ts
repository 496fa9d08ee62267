import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { fromZodError } from '@/lib/actions/result';
import { startSession } from '@/lib/auth/sessions';
import { encryptTotpSecret } from '@/lib/auth/totp';
import { createPerson, seedWorld, type Person, type World } from './support/actors';
import { hostileAnything, hostileString, hugeStrings, isCatalogKey, jsonPollution, keysOfResult, prototypeKeys, shaped, TRICKS } from './support/hostile';
import { A, arrangeAttempt, rows } from './support/matrix-rows';
import { request, resetRequest } from './support/next-mocks';
import { acceptedCase, bundleAttachment, caseOf, draftBundle, frozenBundle, petitionOf, storedDocument } from './support/records';
import { discoverSurface, parse, repoRoot, type SurfaceEntry } from './support/surface';

vi.mock('next-auth', async (original) => (await import('./support/next-mocks')).mockNextAuth(await original()));
vi.mock('next/headers', async () => (await import('./support/next-mocks')).mockHeaders());
vi.mock('next/cache', async (original) => (await import('./support/next-mocks')).mockCache(await original()));
vi.mock('next/navigation', async (original) => (await import('./support/next-mocks')).mockNavigation(await original()));
vi.mock('next/server', async (original) => (await import('./support/next-mocks')).mockServer(await original()));

/*
 * Fuzzing (issue 7): every zod schema in lib/validation and every server action and route
 * handler gets arbitrary input — fc.anything() with prototype-pollution keys, Unicode tricks,
 * huge strings, and input shaped like the schema with hostile values. Nothing may throw, crash
 * (errors.UNEXPECTED, a 5xx), pollute Object.prototype, leave a rejection unhandled, or show a
 * message that is not in all three catalogs.
 */

const SCHEMA_RUNS = 150;
const ACTION_RUNS = 20;
const ROUTE_RUNS = 12;
const MUTATION_RUNS = 20;
let totalRuns = 0;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const consoleErrors: string[] = [];
let world: World;
let ids: string[] = [];
const baselinePrototype = prototypeKeys();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // Crashes are logged by runAction's fromError ('Action failed: …') and by the routes.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ').slice(0, 300));
  });
  world = await seedWorld();
  // Real records for the fuzzed ids to hit, of every kind the actions take.
  const submitted = await caseOf(world.applicant);
  const draft = await caseOf(world.applicant, { status: 'draft' });
  const accepted = await acceptedCase(world.applicant);
  const held = await caseOf(world.applicant, { status: 'in_review', assigneeId: world.reviewer.id });
  const doc = await storedDocument(submitted.id, world.applicant.id);
  const bundle = await draftBundle(world.organizer2, [accepted]);
  const frozen = await frozenBundle(world.organizer2, 'finalized');
  const cover = await bundleAttachment(frozen.id, 'stamped_cover', world.organizer2);
  const petitionDraft = await petitionOf(world.organizer2, 'draft');
  const petitionOpen = await petitionOf(world.organizer2, 'open');
  ids = [
    submitted.id,
    draft.id,
    accepted.id,
    held.id,
    doc.id,
    bundle.id,
    frozen.id,
    cover.id,
    petitionDraft.id,
    petitionOpen.id,
    petitionOpen.slug,
    ...Object.values(world).map((p) => p.id),
  ];
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
  console.info(
    `Fuzzing: ${totalRuns} runs in total (schemas ${SCHEMA_RUNS} × 2 each, actions ${ACTION_RUNS} per actor, routes ${ROUTE_RUNS} per actor, mutations of valid input ${MUTATION_RUNS} per matrix row).`,
  );
});

// ---------------------------------------------------------------------------------------------
// Schemas.

const validationFiles = fs
  .readdirSync(path.join(repoRoot, 'lib/validation'))
  .filter((f) => f.endsWith('.ts'))
  .sort();

type NamedSchema = { name: string; schema: z.ZodType };

async function schemasOf(file: string): Promise<NamedSchema[]> {
  const mod = (await import(/* @vite-ignore */ path.join(repoRoot, 'lib/validation', file))) as Record<string, unknown>;
  return Object.entries(mod)
    .filter(([, v]) => v instanceof z.ZodType)
    .map(([name, schema]) => ({ name: `${file}#${name}`, schema: schema as z.ZodType }));
}

const allSchemas: NamedSchema[] = (await Promise.all(validationFiles.map(schemasOf))).flat();

/** An issue message that is not a catalog key, or a key missing from a catalog, in a form's words. */
const unlocalized = (messages: unknown[]) => messages.filter((m) => !isCatalogKey(m));

describe('every zod schema in lib/validation', () => {
  it('is found', () => {
    expect(allSchemas.length).toBeGreaterThan(30);
  });

  it.each(allSchemas.map((s) => [s.name, s] as const))('%s never throws, and every error it gives is a catalog key', (_name, { schema }) => {
    fc.assert(
      fc.property(fc.oneof(hostileAnything, jsonPollution, shaped(schema)), (input) => {
        totalRuns++;
        const result = schema.safeParse(input);
        expect(prototypeKeys()).toBe(baselinePrototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (result.success) return;
        // What the server answers (runAction maps each issue onto its field).
        expect(unlocalized(keysOfResult(fromZodError(result.error)))).toEqual([]);
      }),
      { numRuns: SCHEMA_RUNS },
    );
  });

  it.each(allSchemas.map((s) => [s.name, s] as const))('%s, given input shaped like its form, words every issue as a catalog key', (_name, { schema }) => {
    // A form always sends the right types: what it shows beside a field is the issue's own
    // message, translated, so each must be a key in all three catalogs.
    fc.assert(
      fc.property(shaped(schema, [], { form: true }), (input) => {
        totalRuns++;
        const result = schema.safeParse(input);
        if (result.success) return;
        const bad = result.error.issues.filter((i) => !isCatalogKey(i.message)).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        expect(bad).toEqual([]);
      }),
      { numRuns: SCHEMA_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Server actions.

const surface = discoverSurface();
const actions = surface.entries.filter((e) => e.kind === 'action');
const routes = surface.entries.filter((e) => e.kind === 'route' && !e.file.startsWith('app/api/auth/'));

/** The schema an action validates with: the first argument of its runAction call, from lib/validation. */
async function schemaOfAction(entry: SurfaceEntry): Promise<z.ZodType | undefined> {
  let schemaName: string | undefined;
  const visit = (n: ts.Node) => {
    if (!schemaName && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'runAction' && n.arguments[0] && ts.isIdentifier(n.arguments[0])) schemaName = n.arguments[0].text;
    ts.forEachChild(n, visit);
  };
  if (entry.node) visit(entry.node);
  if (!schemaName) return undefined;
  for (const statement of parse(entry.file).statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamedImports(statement.importClause.namedBindings)) continue;
    const el = statement.importClause.namedBindings.elements.find((e) => e.name.text === schemaName);
    if (!el) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!specifier.startsWith('@/')) return undefined;
    const mod = (await import(/* @vite-ignore */ path.join(repoRoot, specifier.slice(2)))) as Record<string, unknown>;
    const schema = mod[(el.propertyName ?? el.name).text];
    return schema instanceof z.ZodType ? schema : undefined;
  }
  return undefined;
}

async function exported(entry: SurfaceEntry): Promise<(...args: unknown[]) => Promise<unknown>> {
  const mod = (await import(/* @vite-ignore */ path.join(repoRoot, entry.file))) as Record<string, unknown>;
  return mod[entry.name] as (...args: unknown[]) => Promise<unknown>;
}

/**
 * Puts the fuzzing account back as it was (an action may have demoted, disabled, signed out or
 * turned off two-factor for it) and signs it in afresh, so every run acts with the same rights.
 */
async function signInAgain(person: Person | null): Promise<void> {
  request.ip = `198.19.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
  if (!person) {
    request.claims = null;
    return;
  }
  const [row] = await getDb()
    .update(users)
    .set({
      role: person.role,
      disabledAt: null,
      deletedAt: null,
      ...(person.totpSecret ? { totpSecret: encryptTotpSecret(person.totpSecret), totpEnabledAt: new Date() } : {}),
    })
    .where(eq(users.id, person.id))
    .returning({ sv: users.sessionVersion });
  const sid = await startSession(getDb(), person.id);
  request.claims = { uid: person.id, sv: row!.sv, sid, role: person.role };
}

const ACTION_ACTORS = ['anonymous', 'applicant', 'admin'] as const;

describe.each(actions.map((a) => [a.key, a] as const))('%s', (_key, entry) => {
  it.each(ACTION_ACTORS)('as %s, answers arbitrary input with a result, never a crash or an unlocalized message', async (actor) => {
    resetRequest();
    const action = await exported(entry);
    const schema = await schemaOfAction(entry);
    // A fresh account per action: what one action does to its caller never spills into another.
    const person = actor === 'anonymous' ? null : await createPerson(actor);
    const input = schema ? fc.oneof({ weight: 1, arbitrary: hostileAnything }, { weight: 1, arbitrary: jsonPollution }, { weight: 3, arbitrary: shaped(schema, ids) }) : fc.oneof(hostileAnything, jsonPollution);
    const errorsBefore = consoleErrors.length;
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        totalRuns++;
        await signInAgain(person);
        let result: unknown;
        try {
          result = await action(value);
        } catch (error) {
          throw new Error(`threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
        expect(result, 'an ActionResult').toMatchObject({ ok: expect.any(Boolean) });
        const r = result as { ok: boolean; formError?: unknown; fieldErrors?: unknown };
        if (r.ok) return;
        expect(r.formError, 'an unexpected error: a crash behind a friendly message').not.toBe('errors.UNEXPECTED');
        expect(unlocalized(keysOfResult(r))).toEqual([]);
        expect(prototypeKeys()).toBe(baselinePrototype);
      }),
      { numRuns: ACTION_RUNS },
    );
    expect(consoleErrors.slice(errorsBefore), 'errors logged while fuzzing').toEqual([]);
    expect(unhandled).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Route handlers.

/** The route's dynamic segments, e.g. [id] and [format], from its path. */
const paramsOf = (file: string) => [...file.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);

const routeRequest = fc.record({
  params: fc.array(hostileString(), { minLength: 4, maxLength: 4 }),
  /** Per parameter: use a real record's id instead, so the handler gets past "not found". */
  real: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  query: fc.dictionary(fc.constantFrom('locale', 'purpose', 'download', 'format', 'page', 'q'), hostileString(), { maxKeys: 3 }),
  body: fc.oneof(
    fc.constant(undefined),
    hostileString(),
    hostileAnything.map((v) => {
      try {
        return JSON.stringify(v) ?? 'null';
      } catch {
        return '{}';
      }
    }),
    jsonPollution.map((v) => JSON.stringify(v)),
  ),
  contentType: fc.constantFrom('application/json', 'multipart/form-data; boundary=xyz', 'multipart/form-data', 'text/plain', '', 'application/x-www-form-urlencoded'),
});
type RouteRequest = typeof routeRequest extends fc.Arbitrary<infer T> ? T : never;

/** Besides the random ones, every time: ids PostgreSQL would choke on, in every parameter. */
const routeExamples: [RouteRequest][] = ['-'.repeat(36), 'f'.repeat(36), 'a\u0000b', '\uD800', '%', '../..'].map((v) => [
  { params: [v, v, v, v], real: [false, false, false, false], query: {}, body: undefined, contentType: '' },
]);

describe.each(routes.map((r) => [r.key, r] as const))('%s', (_key, entry) => {
  it.each(ACTION_ACTORS)('as %s, answers arbitrary requests without a 5xx and with catalog keys', async (actor) => {
    resetRequest();
    const handler = await exported(entry);
    const person = actor === 'anonymous' ? null : await createPerson(actor);
    const names = paramsOf(entry.file);
    const errorsBefore = consoleErrors.length;
    await fc.assert(
      fc.asyncProperty(routeRequest, async ({ params, real, query, body, contentType }) => {
        totalRuns++;
        await signInAgain(person);
        const values = Object.fromEntries(names.map((n, i) => [n, real[i] ? ids[params[i]!.length % ids.length]! : params[i]!]));
        const url = new URL(`http://localhost/${entry.file.replace(/^app\//, '').replace(/\/route\.ts$/, '')}`);
        for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
        const hasBody = !['GET', 'HEAD'].includes(entry.name) && body !== undefined;
        const init: RequestInit = { method: entry.name, headers: contentType ? { 'content-type': contentType } : {}, ...(hasBody ? { body } : {}) };
        const response = (await handler(new Request(url, init), { params: Promise.resolve(values) })) as Response;
        expect(response).toBeInstanceOf(Response);
        expect(response.status, `status for ${JSON.stringify(values)}`).toBeLessThan(500);
        const text = await response.text().catch(() => '');
        if (response.status >= 400 && (response.headers.get('content-type') ?? '').includes('json')) {
          const json = JSON.parse(text) as { error?: unknown; formError?: unknown; fieldErrors?: unknown };
          const keys = [...(json.error !== undefined ? [json.error] : []), ...keysOfResult(json)];
          expect(unlocalized(keys)).toEqual([]);
        }
      }),
      { numRuns: ROUTE_RUNS, examples: routeExamples },
    );
    expect(consoleErrors.slice(errorsBefore), 'errors logged while fuzzing').toEqual([]);
    expect(unhandled).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Valid requests with one field made hostile: the matrix's own inputs, which get past validation
// and authorization, with a string swapped for a trick (NUL, direction overrides, 100 000
// characters, SQL and LIKE metacharacters…), so the hostile value reaches the database.

/** Paths of the string leaves of a value. */
function stringPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [at];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, Array.isArray(value) ? Number(k) : k]));
}

function withLeaf(value: unknown, at: (string | number)[], replace: (old: string) => string): unknown {
  if (at.length === 0) return replace(value as string);
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[at[0]!] = withLeaf(copy[at[0]!], at.slice(1), replace);
  return copy;
}

const mutation = fc.record({
  pick: fc.nat(),
  trick: fc.constantFrom(...TRICKS, ...hugeStrings),
  mode: fc.constantFrom('replace', 'append', 'prepend'),
});
const apply = (old: string, { trick, mode }: { trick: string; mode: string }) => (mode === 'replace' ? trick : mode === 'append' ? old + trick : trick + old);

/** Who is allowed to make the call (the deepest-reaching first), for a valid attempt. */
const PREFERRED = ['applicant', 'admin', 'organizer', 'reviewer', 'anonymous'] as const;

describe.each(rows.filter((r) => !r.scenario).map((r) => [r.key, r] as const))('%s, a valid call with one hostile field', (key, row) => {
  it('never crashes, and answers in catalog keys', async () => {
    resetRequest();
    const actor = PREFERRED.find((a) => row.expect[a] === A)!;
    const entry = surface.entries.find((e) => e.key === key);
    expect(entry, `${key} is not on disk`).toBeDefined();
    const handler = await exported(entry!);
    const errorsBefore = consoleErrors.length;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        totalRuns++;
        const attempt = await arrangeAttempt(world, actor, row);
        const args = await row.arrange(attempt);
        await signInAgain(attempt.me);
        if (entry!.kind === 'action') {
          const paths = stringPaths(args[0]);
          const input = paths.length ? withLeaf(args[0], paths[m.pick % paths.length]!, (old) => apply(old, m)) : args[0];
          const result = (await handler(input)) as { ok: boolean; formError?: unknown };
          expect(result).toMatchObject({ ok: expect.any(Boolean) });
          if (!result.ok) {
            expect(result.formError, `an unexpected error for ${JSON.stringify(input).slice(0, 300)}`).not.toBe('errors.UNEXPECTED');
            expect(unlocalized(keysOfResult(result))).toEqual([]);
          }
          return;
        }
        // A route: a hostile route parameter, or a hostile field of its JSON body.
        const [request0, context] = args as [Request, { params: Promise<Record<string, string>> }];
        const params = await context.params;
        let req = request0;
        let values = params;
        const body = request0.method === 'POST' && (request0.headers.get('content-type') ?? '').includes('json') ? ((await request0.clone().json()) as unknown) : undefined;
        const bodyPaths = body === undefined ? [] : stringPaths(body);
        const paramNames = Object.keys(params);
        const choice = m.pick % (paramNames.length + bodyPaths.length || 1);
        if (choice < paramNames.length) values = { ...params, [paramNames[choice]!]: apply(params[paramNames[choice]!]!, m) };
        else if (bodyPaths.length) {
          req = new Request(request0.url, { method: request0.method, headers: request0.headers, body: JSON.stringify(withLeaf(body, bodyPaths[choice - paramNames.length]!, (old) => apply(old, m))) });
        }
        const response = (await handler(req, { params: Promise.resolve(values) })) as Response;
        expect(response.status, `status for ${JSON.stringify(values).slice(0, 200)}`).toBeLessThan(500);
        await response.arrayBuffer().catch(() => undefined);
      }),
      // Besides the random ones, every time: a NUL byte and a lone surrogate in each of the first six fields.
      { numRuns: MUTATION_RUNS, examples: ['a\u0000b', '\uD800'].flatMap((trick) => Array.from({ length: 6 }, (_, pick) => [{ pick, trick, mode: 'append' }])) },
    );
    expect(consoleErrors.slice(errorsBefore), 'errors logged while fuzzing').toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
