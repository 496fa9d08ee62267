import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flatten(v, `${prefix}${k}.`)))),
  );
const catalogs = { kk: flatten(kk), ru: flatten(ru), en: flatten(en) };
// Simple placeholders like {name}; plural variables like {count, plural, …}.
const placeholders = (text: string) => new Set([...text.matchAll(/\{\s*([a-zA-Z]+)\s*[,}]/g)].map((m) => m[1]));

describe('message catalogs', () => {
  it.each(['kk', 'ru'] as const)('%s has exactly the keys of en', (locale) => {
    expect(Object.keys(catalogs[locale]).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it.each(['kk', 'ru'] as const)('%s keeps every placeholder of en', (locale) => {
    for (const [key, text] of Object.entries(catalogs.en)) {
      expect([...placeholders(catalogs[locale][key] ?? '')].sort(), key).toEqual([...placeholders(text)].sort());
    }
  });

  it('has no empty strings', () => {
    for (const catalog of Object.values(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('is actually translated: Kazakh and Russian texts differ from English', () => {
    const same = Object.keys(catalogs.en).filter((k) => catalogs.kk[k] === catalogs.en[k] && catalogs.en[k] !== 'Redress');
    expect(same.length).toBeLessThan(3);
  });
});
