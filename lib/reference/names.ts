import type { Locale } from '@/lib/i18n/locales';
import { caseKindList, documentKindList, groundList, regionList, type ReferenceItem } from './data';

function nameIn(list: ReferenceItem[], code: string | null | undefined, locale: Locale): string {
  if (!code) return '';
  return list.find((item) => item.code === code)?.names[locale] ?? code;
}

export const regionName = (code: string | null | undefined, locale: Locale) => nameIn(regionList, code, locale);
export const groundName = (code: string | null | undefined, locale: Locale) => nameIn(groundList, code, locale);
export const caseKindName = (code: string | null | undefined, locale: Locale) => nameIn(caseKindList, code, locale);
export const documentKindName = (code: string | null | undefined, locale: Locale) => nameIn(documentKindList, code, locale);
