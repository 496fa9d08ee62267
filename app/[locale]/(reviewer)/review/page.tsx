import { getLocale, getTranslations } from 'next-intl/server';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import type { CaseStatus } from '@/db/schema/cases';
import { requirePageAccess } from '@/lib/auth/session';
import { caseStatuses } from '@/lib/cases/status';
import { listQueue } from '@/lib/cases/queries';
import type { Locale } from '@/lib/i18n/locales';
import { parsePage } from '@/lib/pagination';
import { caseKindName, regionName } from '@/lib/reference/names';

export async function generateMetadata() {
  const t = await getTranslations('queue');
  return { title: t('title') };
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<{ page?: string; status?: string }> }) {
  const user = await requirePageAccess('queue.view', '/review');
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const params = await searchParams;
  const status = caseStatuses.find((s) => s === params.status && s !== 'draft') as CaseStatus | undefined;
  const result = await listQueue(user, { status, page: parsePage(params.page) });
  return (
    <div>
      <PageHeader title={t('queue.title')} lead={t('queue.lead')} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="status" className="font-semibold">
            {t('queue.statusFilter')}
          </label>
          <select id="status" name="status" defaultValue={status ?? ''} className="min-h-11 rounded-md border border-slate-500 bg-white px-3">
            <option value="">{t('queue.allActive')}</option>
            {caseStatuses
              .filter((s) => s !== 'draft')
              .map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
          </select>
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          {t('queue.apply')}
        </button>
      </form>
      <p className="mb-2 text-slate-800" role="status">
        {t('common.total', { count: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <Table caption={t('queue.title')}>
          <TableHead columns={[t('queue.reference'), t('queue.kind'), t('queue.region'), t('queue.court'), t('queue.waiting'), t('queue.score'), t('queue.status')]} />
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row" className={`${td} font-semibold whitespace-nowrap`}>{row.reference}</th>
                <td className={td}>{caseKindName(row.kind, locale)}</td>
                <td className={td}>{regionName(row.regionCode, locale)}</td>
                <td className={td}>{row.courtName}</td>
                <td className={`${td} whitespace-nowrap`}>
                  {row.daysWaiting !== null ? t('queue.days', { count: Math.max(0, row.daysWaiting) }) : t('common.none')}
                </td>
                <td className={td}>{row.strengthScore ?? t('common.none')}</td>
                <td className={td}>
                  <CaseStatusBadge status={row.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/review" query={{ status }} />
    </div>
  );
}
