import { getLocale, getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { parsePage } from '@/lib/pagination';
import { listPetitionsForOrganizers } from '@/lib/petitions/queries';

export async function generateMetadata() {
  const t = await getTranslations('petitions');
  return { title: t('title') };
}

const statusKey = { draft: 'statusDraft', open: 'statusOpen', closed: 'statusClosed' } as const;
const titleField = { kk: 'titleKk', ru: 'titleRu', en: 'titleEn' } as const;

export default async function PetitionsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('petition.manage', '/organize/petitions');
  const t = await getTranslations('petitions');
  const locale = (await getLocale()) as Locale;
  const result = await listPetitionsForOrganizers(user, parsePage((await searchParams).page));
  return (
    <div>
      <PageHeader title={t('title')} lead={t('lead')}>
        <p>
          <Link href="/organize/petitions/new" className={buttonClass('primary')}>
            {t('newPetition')}
          </Link>
        </p>
      </PageHeader>
      {result.rows.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <Table caption={t('title')}>
          <TableHead columns={[t('petitionTitle'), t('status'), t('goal')]} />
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id} data-testid="petition-row">
                <th scope="row" className={`${td} font-semibold`}>
                  <Link href={`/organize/petitions/${row.id}`} className="text-blue-800 underline">
                    {row[titleField[locale]]}
                  </Link>
                </th>
                <td className={td}>{t(statusKey[row.status])}</td>
                <td className={td}>{row.signatureGoal.toLocaleString(locale)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/organize/petitions" />
    </div>
  );
}
