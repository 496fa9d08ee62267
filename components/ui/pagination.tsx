import { getTranslations } from 'next-intl/server';
import { Link } from '@/lib/i18n/navigation';

/** Server-side pagination links that keep the other query parameters. */
export async function Pagination({
  page,
  pageCount,
  pathname,
  query = {},
}: {
  page: number;
  pageCount: number;
  pathname: string;
  query?: Record<string, string | undefined>;
}) {
  const t = await getTranslations('common');
  if (pageCount <= 1) return null;
  const href = (p: number) => ({ pathname, query: { ...Object.fromEntries(Object.entries(query).filter(([, v]) => v)), page: String(p) } });
  return (
    <nav aria-label={t('pagination')} className="mt-4 flex flex-wrap items-center gap-4">
      {page > 1 && (
        <Link href={href(page - 1)} className="underline">
          {t('previous')}
        </Link>
      )}
      <span aria-current="page">{t('pageOf', { page, pages: pageCount })}</span>
      {page < pageCount && (
        <Link href={href(page + 1)} className="underline">
          {t('next')}
        </Link>
      )}
    </nav>
  );
}
