import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';
import type { Locale } from './locales';

export const catalogs = { kk, ru, en } as const;

const make = (locale: Locale) => createTranslator({ locale, messages: catalogs[locale] });
// One per language and process: e-mails are composed on hot paths (petition signing).
const translators = new Map<Locale, ReturnType<typeof make>>();

/** A translator outside React (e-mails, exports, scripts). */
export function translatorFor(locale: Locale) {
  let translator = translators.get(locale);
  if (!translator) translators.set(locale, (translator = make(locale)));
  return translator;
}
