import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The portal's attack surface, found on disk rather than listed by hand: every exported server
 * action (a module under app/ that starts with 'use server') and every route handler (an HTTP
 * method exported by an app/**\/route.ts). A new file or export shows up here by itself, so the
 * security tests that iterate over it fail until someone says how it is authorized.
 */

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type SurfaceEntry = {
  kind: 'action' | 'route';
  /** Repository-relative path with forward slashes, e.g. `app/api/documents/[id]/route.ts`. */
  file: string;
  /** The exported name: the action's name or the HTTP method. */
  name: string;
  /** `file#name`: the key of the matrix and allowlist rows. */
  key: string;
  /** The exported function's own body, and the local functions it calls, for the static test. */
  node: ts.Node | undefined;
  source: ts.SourceFile;
};

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

export function parse(file: string): ts.SourceFile {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

const rel = (full: string) => path.relative(repoRoot, full).split(path.sep).join('/');

/** Whether the module's directive prologue holds 'use server'. */
export function hasUseServerDirective(source: ts.SourceFile): boolean {
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use server') return true;
  }
  return false;
}

/** Functions that declare 'use server' inside their own body (inline server actions). */
export function inlineServerFunctions(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) && node.body && ts.isBlock(node.body)) {
      const first = node.body.statements[0];
      if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server') {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${source.fileName}:${line}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Top-level declarations by name: functions and `const x = …` initializers. */
export function localDeclarations(source: ts.SourceFile): Map<string, ts.Node> {
  const map = new Map<string, ts.Node>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) map.set(statement.name.text, statement);
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) map.set(d.name.text, d.initializer);
  }
  return map;
}

/** Every runtime export of a module: its exported name and the node that implements it. */
export function exportsOf(source: ts.SourceFile): { name: string; node: ts.Node | undefined }[] {
  const locals = localDeclarations(source);
  const out: { name: string; node: ts.Node | undefined }[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) out.push({ name: statement.name.text, node: statement });
    else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, node: d.initializer });
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const el of statement.exportClause.elements) {
        if (el.isTypeOnly) continue;
        const local = (el.propertyName ?? el.name).text;
        // A re-export from another module has no local body here: the static test reports it.
        out.push({ name: el.name.text, node: statement.moduleSpecifier ? undefined : locals.get(local) });
      }
    } else if (ts.isExportAssignment(statement)) out.push({ name: 'default', node: statement.expression });
  }
  return out;
}

/** Config exports of route modules (`dynamic`, `runtime`, …) are not handlers. */
const ROUTE_CONFIG = new Set(['dynamic', 'dynamicParams', 'revalidate', 'fetchCache', 'runtime', 'preferredRegion', 'maxDuration', 'generateStaticParams']);

export function discoverSurface(): { entries: SurfaceEntry[]; inline: string[]; strayRouteExports: string[] } {
  const files = walk(path.join(repoRoot, 'app')).sort();
  const entries: SurfaceEntry[] = [];
  const inline: string[] = [];
  const strayRouteExports: string[] = [];
  for (const full of files) {
    const file = rel(full);
    const source = parse(file);
    if (hasUseServerDirective(source)) {
      for (const e of exportsOf(source)) entries.push({ kind: 'action', file, name: e.name, key: `${file}#${e.name}`, node: e.node, source });
    } else {
      inline.push(...inlineServerFunctions(source));
    }
    if (/(^|\/)route\.(ts|tsx)$/.test(file)) {
      for (const e of exportsOf(source)) {
        if ((HTTP_METHODS as readonly string[]).includes(e.name)) entries.push({ kind: 'route', file, name: e.name, key: `${file}#${e.name}`, node: e.node, source });
        else if (!ROUTE_CONFIG.has(e.name)) strayRouteExports.push(`${file}#${e.name}`);
      }
    }
  }
  return { entries, inline, strayRouteExports };
}
