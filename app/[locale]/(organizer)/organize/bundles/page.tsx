import { getLocale, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { listCasesReadyForBundle } from '@/lib/cases/queries';
import type { Locale } from '@/lib/i18n/locales';
import { parsePage } from '@/lib/pagination';
import { groundName, regionName } from '@/lib/reference/names';

export async function generateMetadata() {
  const t = await getTranslations('bundles');
  return { title: t('title') };
}

export default async function BundlesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('bundle.manage', '/organize/bundles');
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const result = await listCasesReadyForBundle(user, parsePage((await searchParams).page));
  return (
    <div>
      <PageHeader title={t('bundles.title')} lead={t('bundles.lead')} />
      <p className="mb-2 font-semibold" role="status">
        {t('bundles.readyCount', { count: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <p>{t('bundles.empty')}</p>
      ) : (
        <Table caption={t('bundles.title')}>
          <TableHead columns={[t('bundles.reference'), t('bundles.region'), t('bundles.grounds'), t('bundles.score')]} />
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row" className={`${td} font-semibold whitespace-nowrap`}>{row.reference}</th>
                <td className={td}>{regionName(row.regionCode, locale)}</td>
                <td className={td}>{row.grounds.map((g) => groundName(g, locale)).join('; ')}</td>
                <td className={td}>{row.strengthScore ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/organize/bundles" />
    </div>
  );
}
