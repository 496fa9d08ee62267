import { getFormatter, getTranslations } from 'next-intl/server';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { UnreadBadge } from '@/components/cases/unread-badge';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { requirePageAccess } from '@/lib/auth/session';
import { listMyCases } from '@/lib/cases/queries';
import { unreadCounts } from '@/lib/cases/unread';
import { Link } from '@/lib/i18n/navigation';
import { parsePage } from '@/lib/pagination';

export async function generateMetadata() {
  const t = await getTranslations('myCases');
  return { title: t('title') };
}

/** A list of cards rather than a table: most applicants read this on a phone. */
export default async function MyCasesPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageAccess('case.file', '/my/cases');
  const t = await getTranslations();
  const format = await getFormatter();
  const page = parsePage((await searchParams).page);
  const [result, unread] = await Promise.all([listMyCases(user, page), unreadCounts(user)]);
  return (
    <div>
      <PageHeader title={t('myCases.title')} lead={t('myCases.lead')}>
        <p>
          <Link href="/my/cases/new" className={buttonClass('primary')}>
            {t('intake.newCase')}
          </Link>
        </p>
      </PageHeader>
      {result.rows.length === 0 ? (
        <p className="text-slate-800">{t('myCases.empty')}</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label={t('myCases.title')}>
          {result.rows.map((row) => (
            <li key={row.id} className="flex flex-col gap-2 rounded-md border border-slate-300 p-4" data-testid="my-case">
              <h2 className="text-lg font-bold text-slate-950">
                <Link href={row.status === 'draft' ? `/my/cases/new?case=${row.id}` : `/my/cases/${row.id}`} className="text-blue-800 underline">
                  {row.reference ?? t('myCases.draftReference')}
                </Link>
                <UnreadBadge count={unread[row.id] ?? 0} label={t('unread.messages', { count: unread[row.id] ?? 0 })} />
              </h2>
              <div>
                <CaseStatusBadge status={row.status} />
                <p className="mt-1 text-slate-800">{t(`statusHelp.${row.status}`)}</p>
              </div>
              <dl className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-3">
                <dt className="font-semibold text-slate-900">{t('myCases.court')}</dt>
                <dd className="text-slate-800">{[row.courtName, row.caseNumber].filter(Boolean).join(', ') || t('common.none')}</dd>
                <dt className="font-semibold text-slate-900">{t('myCases.updated')}</dt>
                <dd className="text-slate-800">{format.dateTime(row.updatedAt, { dateStyle: 'long' })}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/my/cases" />
    </div>
  );
}
