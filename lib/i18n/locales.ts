/** The portal's languages. Russian is the default: most court documents are in Russian. */
export const locales = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'ru';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Each language's name in itself, for the switcher. */
export const localeNames: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
