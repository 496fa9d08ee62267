import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { discoverSurface, localDeclarations, parse, repoRoot, type SurfaceEntry } from './support/surface';

/*
 * Every exported server action and route handler reaches the authorization module before it
 * touches data. Read from the source with the TypeScript compiler: starting at the exported
 * function, calls are followed in source order, into local helpers and into the lib/ functions
 * they import (transitively), until either an authorization check is reached (assertCan,
 * requirePageAccess) or data is touched first (a query on db/tx, a transaction, storage).
 * `runAction(schema, input, fn)` authorizes nothing itself: its callback is what must reach the
 * check. Endpoints that are public on purpose are listed below with the reason; anything else
 * that does not reach a check fails, naming itself.
 */

/** Public on purpose; each entry says why nothing needs authorizing. */
const PUBLIC: Record<string, string> = {
  'app/api/health/route.ts#GET': 'liveness and database reachability for load balancers: answers { ok } only',
  'app/api/ping/route.ts#GET': 'liveness without the database: a constant answer',
  'app/api/public/stats/route.ts#GET': 'the open statistics (DESIGN.md: the public sees aggregate statistics), small cells suppressed',
  'app/api/petitions/[slug]/count/route.ts#GET': "an open petition's live count, shown on its public page",
  'app/api/petitions/[slug]/signatures/route.ts#POST': 'the public signs petitions; protected by e-mail confirmation, rate limits and a honeypot',
  'app/api/petitions/confirmations/route.ts#POST': 'confirms a signature with the single-use token from its e-mail',
  'app/api/auth/[...nextauth]/route.ts#GET': "next-auth's own endpoints (csrf, session, providers)",
  'app/api/auth/[...nextauth]/route.ts#POST': 'next-auth sign-in and sign-out; credentials are checked by lib/accounts authenticate()',
  'app/[locale]/(public)/sign-up/actions.ts#signUpAction': 'visitors create applicant accounts (rate limited, e-mail verified)',
  'app/[locale]/(public)/forgot-password/actions.ts#forgotPasswordAction': 'visitors ask for a reset link; the answer never says whether the address exists',
  'app/[locale]/(public)/reset-password/actions.ts#resetPasswordAction': 'the single-use, expiring e-mailed token is the authorization',
  'app/[locale]/(public)/invitations/accept/actions.ts#acceptInvitationAction': 'the single-use, expiring invitation token is the authorization',
};

const AUTHZ_CALLS = new Set(['assertCan', 'requirePageAccess']);
/**
 * Loading the session (and the client address) reads the session row, but that is identifying
 * the caller, not touching their data; it authorizes nothing either, so the walk goes on past it.
 */
const SESSION_CALLS = new Set(['getCurrentUser', 'requestIp']);
/** Query builders and storage: reaching one of these before a check is touching data. */
const DATA_METHODS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'transaction', 'findFirst', 'findMany', 'get', 'put', 'remove', 'exists']);
const DATA_ROOTS = /^(db|tx|getDb\(\)|options\.db|ctx\.db|getStorage\(\)|storage)$/;

type Verdict = { kind: 'authorized'; via: string[] } | { kind: 'data'; via: string[] } | { kind: 'none' };

type Resolved = { node: ts.Node; source: ts.SourceFile };

const sources = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  if (!sources.has(file)) sources.set(file, parse(file));
  return sources.get(file)!;
}

/** Resolves a module specifier of `from` to a repository file, for project code only. */
function resolveModule(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.posix.join(path.posix.dirname(from), specifier);
  else return undefined;
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(repoRoot, candidate)) && fs.statSync(path.join(repoRoot, candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** The implementation an identifier called in `source` refers to: a local function or a project import. */
function resolveCallee(name: string, source: ts.SourceFile, depth = 0): Resolved | undefined {
  if (depth > 5) return undefined;
  const local = localDeclarations(source).get(name);
  if (local) return { node: local, source };
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamedImports(statement.importClause.namedBindings)) continue;
    const element = statement.importClause.namedBindings.elements.find((e) => e.name.text === name);
    if (!element) continue;
    const file = resolveModule(source.fileName, (statement.moduleSpecifier as ts.StringLiteral).text);
    if (!file) return undefined;
    return resolveExport((element.propertyName ?? element.name).text, sourceOf(file), depth + 1);
  }
  return undefined;
}

function resolveExport(name: string, source: ts.SourceFile, depth: number): Resolved | undefined {
  const local = localDeclarations(source).get(name);
  if (local) return { node: local, source };
  // `export { x } from './y'` and `export * from './y'`.
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const file = resolveModule(source.fileName, (statement.moduleSpecifier as ts.StringLiteral).text);
    if (!file) continue;
    if (!statement.exportClause) {
      const found = resolveExport(name, sourceOf(file), depth + 1);
      if (found) return found;
    } else if (ts.isNamedExports(statement.exportClause)) {
      const el = statement.exportClause.elements.find((e) => e.name.text === name);
      if (el) return resolveExport((el.propertyName ?? el.name).text, sourceOf(file), depth + 1);
    }
  }
  return undefined;
}

/** Calls in the order they are written: an outer call before the calls in its arguments. */
function callsIn(node: ts.Node): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) calls.push(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return calls;
}

function isDataAccess(call: ts.CallExpression, source: ts.SourceFile): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !DATA_METHODS.has(callee.name.text)) return false;
  // The root of a chain like db.select().from(…) or getStorage().get(key).
  let root: ts.Expression = callee.expression;
  while (ts.isPropertyAccessExpression(root) || (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression))) {
    root = ts.isCallExpression(root) ? (root.expression as ts.PropertyAccessExpression).expression : root.expression;
  }
  return DATA_ROOTS.test(root.getText(source));
}

const calleeName = (call: ts.CallExpression) => (ts.isIdentifier(call.expression) ? call.expression.text : undefined);

/**
 * Whether `node` (a function or an expression) reaches an authorization check before data, in
 * the order its calls run. Follows local helpers and imported project functions.
 */
function verdictOf(node: ts.Node, source: ts.SourceFile, seen: Set<ts.Node> = new Set()): Verdict {
  if (seen.has(node)) return { kind: 'none' };
  seen.add(node);
  let skipUntil = -1;
  for (const call of callsIn(node)) {
    if (call.getStart() < skipUntil) continue;
    const name = calleeName(call);
    const where = `${source.fileName}:${source.getLineAndCharacterOfPosition(call.getStart()).line + 1}`;
    if (name && AUTHZ_CALLS.has(name)) return { kind: 'authorized', via: [`${name}() at ${where}`] };
    if (name && SESSION_CALLS.has(name)) continue;
    if (name === 'runAction') {
      // Parsing and loading the session are not authorization: the callback must reach a check.
      const callback = call.arguments[2];
      const verdict = callback ? verdictOf(resolveArgument(callback, source), source, seen) : { kind: 'none' as const };
      if (verdict.kind !== 'none') return { ...verdict, via: [`runAction() at ${where}`, ...verdict.via] };
      // The callback checks nothing and touches nothing: look at what follows the call.
      skipUntil = call.getEnd();
      continue;
    }
    if (isDataAccess(call, source)) return { kind: 'data', via: [`${call.expression.getText(source)}() at ${where}`] };
    if (name) {
      const target = resolveCallee(name, source);
      if (target) {
        const verdict = verdictOf(target.node, target.source, seen);
        if (verdict.kind !== 'none') return { ...verdict, via: [`${name}() at ${where}`, ...verdict.via] };
      }
    }
  }
  return { kind: 'none' };
}

/** A callback passed by name (`runAction(schema, input, doIt)`) is analysed as its declaration. */
function resolveArgument(arg: ts.Expression, source: ts.SourceFile): ts.Node {
  if (ts.isIdentifier(arg)) return resolveCallee(arg.text, source)?.node ?? arg;
  return arg;
}

const surface = discoverSurface();

describe('every server action and route handler is authorized before it touches data', () => {
  it('finds the surface to check', () => {
    expect(surface.entries.filter((e) => e.kind === 'action').length).toBeGreaterThan(20);
    expect(surface.entries.filter((e) => e.kind === 'route').length).toBeGreaterThan(10);
  });

  it.each(surface.entries.map((e) => [e.key, e] as const))('%s', (key, entry: SurfaceEntry) => {
    if (PUBLIC[key]) return;
    if (!entry.node) throw new Error(`${key}: its implementation is not in this file (a re-export?); export a function defined here, or list it as public with a reason.`);
    const verdict = verdictOf(entry.node, entry.source);
    if (verdict.kind === 'authorized') return;
    const detail = verdict.kind === 'data' ? `it touches data first: ${verdict.via.join(' → ')}` : 'it never reaches assertCan or requirePageAccess';
    throw new Error(`${key}: ${detail}. Call assertCan (lib/authz) in the lib function it uses, or, if it is public on purpose, add it to PUBLIC in tests/security/authorization-static.test.ts with the reason.`);
  });

  it('lists as public only endpoints that exist', () => {
    const keys = new Set(surface.entries.map((e) => e.key));
    expect(Object.keys(PUBLIC).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('flags route modules that export something other than handlers and route config', () => {
    expect(surface.strayRouteExports).toEqual([]);
  });
});

describe('the analysis itself', () => {
  const check = (code: string) => {
    const source = ts.createSourceFile('app/x/actions.ts', code, ts.ScriptTarget.Latest, true);
    const fn = localDeclarations(source).get('probe')!;
    return verdictOf(fn, source).kind;
  };

  it('accepts a check before the query and refuses a query before the check', () => {
    expect(check(`async function probe(db, user) { assertCan(user, 'bundle.manage'); return db.select().from(t); }`)).toBe('authorized');
    expect(check(`async function probe(db, user) { const rows = await db.select().from(t); assertCan(user, 'bundle.manage'); return rows; }`)).toBe('data');
    expect(check(`async function probe(db, user) { return db.transaction(async (tx) => { assertCan(user, 'x'); }); }`)).toBe('data');
  });

  it('follows local helpers, and sees through runAction to its callback', () => {
    expect(check(`function guard(u) { assertCan(u, 'x'); } async function probe(db, user) { guard(user); return db.select(); }`)).toBe('authorized');
    expect(check(`async function probe(input) { return runAction(schema, input, async (data, { db }) => db.insert(t).values(data)); }`)).toBe('data');
    expect(check(`async function probe(input) { return runAction(schema, input, async (data, { db, user }) => { assertCan(user, 'x'); await db.insert(t); }); }`)).toBe('authorized');
    expect(check(`async function probe() { return 1; }`)).toBe('none');
  });
});
