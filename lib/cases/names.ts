/**
 * Matching people's names across the spellings applicants use: Cyrillic or Latin script,
 * Russian or Kazakh letters, the 2021 Kazakh Latin alphabet with its diacritics, any case,
 * any spacing, surname first or last.
 */

// Kazakh and Russian Cyrillic to a plain Latin form.
const cyrillic: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i',
  к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ұ: 'u', ү: 'u', ф: 'f', х: 'kh', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'y', і: 'i',
  ь: '', э: 'e', ю: 'yu', я: 'ya',
};

// Latin spellings of one sound, folded to one letter so "Zhaksylykov" and "Jaqsylyqov" meet.
const latinFolds: [RegExp, string][] = [
  [/dzh|zh|dj/g, 'j'],
  [/kh/g, 'h'],
  [/shch|sh|ş/g, 's'],
  [/ch|ts/g, 'c'],
  // я and ю after и (Мария, Юлия): "iya", "ia", "iia" and "ya" all fold alike.
  [/i*yu|i+u/g, 'u'],
  [/i*ya|i+a/g, 'a'],
  [/ye/g, 'e'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  // Latin x in Russian names (Maxim, Alexander) is кс; Kazakh х is written h or kh.
  [/x/g, 'ks'],
  [/y/g, 'i'],
  [/(.)\1+/g, '$1'],
];

function foldWord(word: string): string {
  const latin = [...word].map((c) => cyrillic[c] ?? c).join('');
  // Strip diacritics (ä, ğ, ı, ñ, ö, ş, ü, ū): ş is folded first, as s.
  let folded = latin.replace(/ş/g, 's').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i');
  for (const [pattern, replacement] of latinFolds) folded = folded.replace(pattern, replacement);
  return folded.replace(/[^a-z]/g, '');
}

/** A key equal for two spellings of one name; null when nothing is left to compare. */
export function personKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = name
    .toLowerCase()
    .split(/[\s.,\-‐–—'’`]+/u)
    .map(foldWord)
    .filter((w) => w.length > 0)
    .sort();
  return words.length ? words.join(' ') : null;
}

/** What the queue's text search looks in: reference, case number, names, court, judge. */
export function searchTextOf(fields: (string | null | undefined)[]): string {
  return fields
    .filter((f): f is string => !!f && f.trim() !== '')
    .join(' ')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
