'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { Link, usePathname } from '@/lib/i18n/navigation';
import { localeNames, locales } from '@/lib/i18n/locales';

/** Links to the same page in each language, keeping the query (e.g. a reset link's token). */
export function LanguageSwitcher() {
  const t = useTranslations('common');
  const current = useLocale();
  const pathname = usePathname();
  const search = useSearchParams();
  const query = Object.fromEntries(search.entries());
  return (
    <nav aria-label={t('language')}>
      <ul className="flex gap-1">
        {locales.map((locale) => (
          <li key={locale}>
            <Link
              href={{ pathname, query }}
              locale={locale}
              lang={locale}
              hrefLang={locale}
              aria-current={locale === current ? 'true' : undefined}
              className={
                locale === current
                  ? 'inline-block rounded-md bg-slate-900 px-2 py-1 text-sm font-semibold text-white'
                  : 'inline-block rounded-md px-2 py-1 text-sm text-slate-900 underline underline-offset-2 hover:bg-slate-100'
              }
            >
              {localeNames[locale]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
