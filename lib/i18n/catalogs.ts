import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import kk from '@/messages/kk.json';
import ru from '@/messages/ru.json';
import type { Locale } from './locales';

export const catalogs = { kk, ru, en } as const;

/** A translator outside React (e-mails, exports, scripts). */
export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: catalogs[locale] });
}
