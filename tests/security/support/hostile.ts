import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { repoRoot } from './surface';

/** Strings that have broken web apps before: SQL and LIKE metacharacters, Unicode tricks, markup. */
export const TRICKS = [
  "'; drop table cases; --",
  "' or '1'='1",
  '%',
  '_',
  '\\',
  '%_\\',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\u2066\u2067\u2068',
  'e\u0301\u0301\u0301',
  'Z\u0351\u0352\u0353\u0354\u0355',
  '👨‍👩‍👧‍👦',
  '🇰🇿',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\u200b\u200c\u200d',
  'ǅ İ ı ß ﬁ',
  'Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '${7*7}{{7*7}}',
  '../../../etc/passwd',
  '\r\n\r\nSet-Cookie: x=1',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  '-1',
  '1e400',
  '9'.repeat(40),
  ' ',
  '\t\n\v\f\r',
];

/** Well-formed values of the kinds the schemas expect, so fuzzed input often gets past parsing. */
export const PLAUSIBLE = [
  '',
  'a',
  'abc-def',
  'astana',
  'almaty_city',
  'ru',
  'kk',
  'en',
  'draft',
  'submit',
  'judgment',
  'criminal',
  'reviewer',
  'admin',
  '123456',
  '2024-02-29',
  '2023-13-45',
  '2099-01-01',
  'user@example.kz',
  'ADMIN@EXAMPLE.KZ ',
  'correct horse battery staple',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  // Shaped like an id to a loose pattern, yet no uuid PostgreSQL accepts.
  '-'.repeat(36),
  'f'.repeat(36),
  '12345678-1234-1234-1234-1234567890ab-',
  'RD-2026-00001',
  'Осуждён на основании показаний, данных под давлением; защитник был назначен в день суда.',
];

export const hugeStrings = ['x'.repeat(10_000), 'я'.repeat(100_000), '%'.repeat(10_000), '\u0000'.repeat(1000)];

/** Any string, with the tricks, plausible values and huge ones well represented. */
export function hostileString(extra: string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 4, arbitrary: fc.constantFrom(...TRICKS) },
    { weight: 4, arbitrary: fc.constantFrom(...PLAUSIBLE, ...extra) },
    { weight: 1, arbitrary: fc.constantFrom(...hugeStrings) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...PLAUSIBLE, ...extra), fc.constantFrom(...TRICKS)).map(([a, b]) => a + b) },
  );
}

const pollutingKey = fc.oneof({ weight: 3, arbitrary: fc.string() }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty') });

/** fc.anything, with prototype-pollution keys, null-prototype objects and hostile strings. */
export const hostileAnything = fc.anything({
  key: pollutingKey,
  values: [hostileString(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt()],
  withNullPrototype: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  maxDepth: 3,
});

/** Parsed JSON with an own `__proto__` key, as a request body can carry one. */
export const jsonPollution = fc.constantFrom(
  JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown,
  JSON.parse('{"caseId": "00000000-0000-0000-0000-000000000000", "__proto__": {"isConfirmed": true, "polluted": "yes"}}') as unknown,
);

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

const isUuidString = (def: Def) =>
  def.format === 'uuid' || ((def.checks as { _zod: { def: { check?: string; format?: string } } }[] | undefined) ?? []).some((c) => c._zod.def.format === 'uuid');

/**
 * Input shaped like the schema (objects with its keys, arrays, enums' values, strings where
 * strings go) but with hostile values: what a crafted request can send. `ids` are real record
 * ids mixed into every string, so some inputs reach rows that exist.
 *
 * With `form`, what a form itself can send: every key present, the right types, ids from the
 * page (hidden fields), one of the options of a select or a set of buttons, and anything typed
 * into the text fields.
 */
export function shaped(schema: z.ZodType, ids: string[] = [], options: { form?: boolean } = {}, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const form = !!options.form;
  const inner = (s: unknown) => shaped(s as z.ZodType, ids, options, depth + 1);
  if (depth > 8) return fc.constant(undefined);
  switch (def.type) {
    case 'string':
      if (isUuidString(def)) {
        // Mostly ids of real records, so the input gets past "not found" to the work itself.
        const real = ids.filter((id) => /^[0-9a-f-]{36}$/.test(id));
        const some = real.length ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
        return form ? some : fc.oneof({ weight: 4, arbitrary: some }, { weight: 1, arbitrary: hostileString(ids) });
      }
      return hostileString(ids);
    case 'number':
    case 'int':
      if (form) return fc.integer({ min: 0, max: 1000 });
      return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, NaN, Infinity, -0));
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      if (form) return fc.boolean();
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 1, null) });
    case 'date':
      return fc.date({ noInvalidDate: false });
    case 'literal': {
      const values = def.values as unknown[];
      // A checkbox that must be ticked sends false when it is not.
      if (form) return fc.constantFrom(...values, ...(values.every((v) => typeof v === 'boolean') ? values.map((v) => !v) : []));
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileString() });
    }
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      // Enums are selects, radio buttons, submit buttons and hidden fields: their own options.
      if (form) return fc.constantFrom(...values);
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileString() });
    }
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inner(v)]));
      const record = fc.record(fields, { requiredKeys: Object.keys(shape) });
      if (form) return record;
      return fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) });
    }
    case 'array':
      return fc.array(inner(def.element), { maxLength: 4 });
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map(inner));
    case 'record':
      return fc.dictionary(hostileString(), inner(def.valueType), { maxKeys: 4 });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case 'intersection':
      return fc.tuple(inner(def.left), inner(def.right)).map(([l, r]) => (typeof l === 'object' && typeof r === 'object' ? { ...l, ...r } : l));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      if (form) return inner(def.innerType);
      return fc.oneof({ weight: 5, arbitrary: inner(def.innerType) }, { weight: 1, arbitrary: fc.constant(undefined) });
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    default:
      return hostileAnything;
  }
}

type Catalog = Record<string, unknown>;
const catalogs: Record<string, Catalog> = Object.fromEntries(
  ['en', 'ru', 'kk'].map((l) => [l, JSON.parse(fs.readFileSync(path.join(repoRoot, 'messages', `${l}.json`), 'utf8')) as Catalog]),
);

/** Whether `key` names a message in all three catalogs. */
export function isCatalogKey(key: unknown): boolean {
  if (typeof key !== 'string' || !/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$/.test(key)) return false;
  return Object.values(catalogs).every((catalog) => {
    let node: unknown = catalog;
    for (const part of key.split('.')) {
      if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return false;
      node = (node as Record<string, unknown>)[part];
    }
    return typeof node === 'string';
  });
}

/** Every message key a failed action result carries. */
export function keysOfResult(value: object): unknown[] {
  const result = value as { formError?: unknown; fieldErrors?: unknown };
  const keys: unknown[] = [];
  if (result.formError !== undefined) keys.push(result.formError);
  if (result.fieldErrors !== undefined) {
    if (!result.fieldErrors || typeof result.fieldErrors !== 'object') keys.push(result.fieldErrors);
    else
      for (const list of Object.values(result.fieldErrors)) {
        if (Array.isArray(list)) keys.push(...(list as unknown[]));
        else keys.push(list);
      }
  }
  return keys;
}

/** Object.prototype as it should stay: no key added by a parsed payload. */
export const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
