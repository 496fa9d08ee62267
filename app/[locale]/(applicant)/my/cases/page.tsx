import { getFormatter, getTranslations } from 'next-intl/server';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, td, th } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { listMyCases } from '@/lib/cases/queries';
import { parsePage } from '@/lib/pagination';

export async function generateMetadata() {
  const t = await getTranslations('myCases');
  return { title: t('title') };
}

export default async function MyCasesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('case.file');
  const t = await getTranslations();
  const format = await getFormatter();
  const page = parsePage((await searchParams).page);
  const result = await listMyCases(user, page);
  return (
    <div>
      <PageHeader title={t('myCases.title')} lead={t('myCases.lead')} />
      {result.rows.length === 0 ? (
        <p className="text-slate-800">{t('myCases.empty')}</p>
      ) : (
        <Table caption={t('myCases.title')}>
          <thead>
            <tr>
              <th scope="col" className={th}>{t('myCases.reference')}</th>
              <th scope="col" className={th}>{t('myCases.status')}</th>
              <th scope="col" className={th}>{t('myCases.court')}</th>
              <th scope="col" className={th}>{t('myCases.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row" className={`${td} font-semibold`}>
                  {row.reference ?? t('myCases.draftReference')}
                </th>
                <td className={td}>
                  <CaseStatusBadge status={row.status} />
                  <p className="mt-1 text-slate-700">{t(`statusHelp.${row.status}`)}</p>
                </td>
                <td className={td}>
                  {row.courtName ?? t('common.none')}
                  {row.caseNumber && <span className="block text-slate-700">{row.caseNumber}</span>}
                </td>
                <td className={td}>{format.dateTime(row.updatedAt, { dateStyle: 'medium' })}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/my/cases" />
    </div>
  );
}
