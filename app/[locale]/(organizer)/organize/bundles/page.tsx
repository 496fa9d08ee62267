import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { listBundles, listCandidateCases, listThemes } from '@/lib/bundles/bundles';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { parsePage } from '@/lib/pagination';
import { regionList } from '@/lib/reference/data';
import { regionName } from '@/lib/reference/names';
import { parseCandidateFilter } from '@/lib/validation/bundles';
import { NewBundleForm } from './_components/bundle-settings-form';

export async function generateMetadata() {
  const t = await getTranslations('bundles');
  return { title: t('title') };
}

export default async function BundlesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('bundle.manage', '/organize/bundles');
  const t = await getTranslations();
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const [result, themes, ready] = await Promise.all([listBundles(user, parsePage((await searchParams).page)), listThemes(user), listCandidateCases(user, parseCandidateFilter({}))]);
  const themeName = (id: string | null) => themes.find((th) => th.id === id)?.[locale] ?? t('bundles.noTheme');
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title={t('bundles.title')} lead={t('bundles.lead')}>
        <p className="font-semibold">{t('bundles.readyCount', { count: ready.total })}</p>
      </PageHeader>

      <PageSection id="bundles" title={t('bundles.list')}>
        {result.rows.length === 0 ? (
          <p>{t('bundles.empty')}</p>
        ) : (
          <Table caption={t('bundles.title')}>
            <TableHead columns={[t('bundles.bundleTitle'), t('bundles.theme'), t('bundles.addressee'), t('bundles.status'), t('bundles.caseCount'), t('bundles.updated')]} />
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id} data-testid="bundle-row">
                  <th scope="row" className={`${td} font-semibold`}>
                    <Link href={`/organize/bundles/${row.id}`} className="text-blue-800 underline">
                      {row.title}
                    </Link>
                  </th>
                  <td className={td}>{themeName(row.themeTagId)}</td>
                  <td className={td}>
                    {row.addressee === 'regional_prosecutor' ? `${t('bundles.addressees.regional_prosecutor')}: ${regionName(row.addresseeRegionCode, locale)}` : t('bundles.addressees.prosecutor_general')}
                  </td>
                  <td className={td}>{t(`bundles.statuses.${row.status}`)}</td>
                  <td className={td}>{row.caseCount}</td>
                  <td className={`${td} whitespace-nowrap`}>{format.dateTime(row.updatedAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pagination page={result.page} pageCount={result.pageCount} pathname="/organize/bundles" />
      </PageSection>

      <PageSection id="new" title={t('bundles.newTitle')}>
        <NewBundleForm
          defaults={{ title: '', addressee: 'prosecutor_general', addresseeRegionCode: '', themeTagId: '', language: locale === 'en' ? 'ru' : locale }}
          regions={regionList.map((r) => ({ value: r.code, label: r.names[locale] }))}
          themes={themes.map((th) => ({ value: th.id, label: th[locale] }))}
        />
      </PageSection>
    </div>
  );
}
