import { getLocale, getTranslations } from 'next-intl/server';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { FilterActions } from '@/components/ui/filter-actions';
import { SelectField } from '@/components/ui/fields';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { TextField } from '@/components/ui/text-field';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import { can } from '@/lib/authz';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { caseKindList, groundList, regionList } from '@/lib/reference/data';
import { caseKindName, groundName, regionName } from '@/lib/reference/names';
import { listReviewQueue, openReviewStatuses } from '@/lib/review/queue';
import { parseQueueFilter, queueSorts, reviewStatuses, type QueueFilter } from '@/lib/validation/review';
import { BulkActions } from './_components/bulk-actions';

export async function generateMetadata() {
  const t = await getTranslations('queue');
  return { title: t('title') };
}

/** The filter as URL query values (defaults left out, so links stay short). */
function queryOf(filter: QueueFilter, change: Partial<QueueFilter> = {}): Record<string, string | undefined> {
  const f = { ...filter, ...change };
  return {
    status: f.status === 'open' ? undefined : f.status,
    region: f.region,
    kind: f.kind,
    ground: f.ground,
    tag: f.tag,
    assignee: f.assignee === 'any' ? undefined : f.assignee,
    waiting: f.waiting ? String(f.waiting) : undefined,
    q: f.q,
    sort: f.sort === 'waiting' ? undefined : f.sort,
  };
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageAccess('queue.view', '/review');
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const filter = parseQueueFilter(await searchParams);
  const result = await listReviewQueue(user, filter);
  const mayAssign = can(user, 'case.assign');
  const options = (list: { code: string; names: Record<Locale, string> }[]) => list.map((item) => ({ value: item.code, label: item.names[locale] }));
  const visibleStatuses = reviewStatuses.filter((s) => (result.statusCounts[s] ?? 0) > 0 || openReviewStatuses.includes(s));

  return (
    <div>
      <PageHeader title={t('queue.title')} lead={t('queue.lead')} />

      <nav aria-label={t('queue.countsLabel')} className="mb-4">
        {/* On a phone the counts scroll sideways instead of pushing the list a screen down. */}
        <ul className="flex gap-2 overflow-x-auto pb-2 sm:flex-wrap sm:overflow-visible sm:pb-0">
          {visibleStatuses.map((s) => (
            <li key={s}>
              <Link
                href={{ pathname: '/review', query: Object.fromEntries(Object.entries(queryOf(filter, { status: s })).filter(([, v]) => v)) }}
                aria-current={filter.status === s ? 'page' : undefined}
                className="inline-flex min-h-11 items-center gap-2 rounded-md border whitespace-nowrap border-slate-400 px-3 font-semibold text-slate-900 underline-offset-2 hover:underline aria-[current=page]:border-blue-800 aria-[current=page]:bg-blue-50"
              >
                {t(`status.${s}`)} <span className="rounded bg-slate-200 px-2 text-sm">{result.statusCounts[s] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form method="get" role="search" aria-label={t('queue.filters')} className="mb-4 grid gap-3 rounded-md border border-slate-300 p-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label={t('queue.search')} hint={t('queue.searchHint')} name="q" type="search" defaultValue={filter.q ?? ''} maxLength={100} className="sm:col-span-2" />
        <SelectField
          label={t('queue.statusFilter')}
          name="status"
          defaultValue={filter.status}
          options={[
            { value: 'open', label: t('queue.allActive') },
            { value: 'all', label: t('queue.allStatuses') },
            ...reviewStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        <SelectField
          label={t('queue.sort')}
          name="sort"
          defaultValue={filter.sort}
          options={queueSorts.map((s) => ({ value: s, label: t(`queue.sorts.${s}`) }))}
        />
        <SelectField label={t('queue.region')} name="region" defaultValue={filter.region ?? ''} placeholder={t('queue.any')} options={options(regionList)} />
        <SelectField label={t('queue.kind')} name="kind" defaultValue={filter.kind ?? ''} placeholder={t('queue.any')} options={options(caseKindList)} />
        <SelectField label={t('queue.ground')} name="ground" defaultValue={filter.ground ?? ''} placeholder={t('queue.any')} options={options(groundList)} />
        <SelectField
          label={t('queue.tag')}
          name="tag"
          defaultValue={filter.tag ?? ''}
          placeholder={t('queue.any')}
          options={result.tags.map((tag) => ({ value: tag.slug, label: tag[locale] }))}
        />
        <SelectField
          label={t('queue.assignee')}
          name="assignee"
          defaultValue={filter.assignee}
          options={[
            { value: 'any', label: t('queue.assignees.any') },
            { value: 'me', label: t('queue.assignees.me') },
            { value: 'none', label: t('queue.assignees.none') },
            ...(mayAssign ? result.reviewers.map((r) => ({ value: r.id, label: r.name })) : []),
          ]}
        />
        <TextField
          label={t('queue.waitingLonger')}
          name="waiting"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          defaultValue={filter.waiting ? String(filter.waiting) : ''}
        />
        <FilterActions applyLabel={t('queue.apply')} resetLabel={t('queue.reset')} resetHref="/review" className="sm:col-span-2 lg:col-span-4" />
      </form>

      <p className="mb-2 text-slate-800" role="status">
        {t('common.total', { count: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <Table caption={t('queue.title')}>
          <TableHead
            columns={[
              ...(mayAssign ? [t('queue.select')] : []),
              t('queue.reference'),
              t('queue.status'),
              t('queue.score'),
              t('queue.waiting'),
              t('queue.kind'),
              t('queue.region'),
              t('queue.court'),
              t('queue.grounds'),
              t('queue.assignee'),
            ]}
          />
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id} data-testid="queue-row">
                {mayAssign && (
                  <td className={td}>
                    <input
                      type="checkbox"
                      name="caseIds"
                      value={row.id}
                      form="bulk-actions"
                      aria-label={t('queue.selectCase', { reference: row.reference ?? '' })}
                      className="size-6"
                    />
                  </td>
                )}
                <th scope="row" className={`${td} font-semibold whitespace-nowrap`}>
                  <Link href={`/review/cases/${row.id}`} className="text-blue-800 underline">
                    {row.reference}
                  </Link>
                  {row.hasNewReply && <span className="ml-2 rounded bg-amber-200 px-2 text-xs font-semibold text-amber-950">{t('queue.newReply')}</span>}
                </th>
                <td className={td}>
                  <CaseStatusBadge status={row.status} />
                </td>
                <td className={td}>{row.strengthScore ?? t('common.none')}</td>
                <td className={`${td} whitespace-nowrap`}>
                  {row.daysWaiting !== null ? t('queue.days', { count: Math.max(0, row.daysWaiting) }) : t('common.none')}
                </td>
                <td className={td}>{caseKindName(row.kind, locale)}</td>
                <td className={td}>{regionName(row.regionCode, locale)}</td>
                <td className={td}>{row.courtName}</td>
                <td className={td}>{row.grounds.map((g) => groundName(g, locale)).join(', ')}</td>
                <td className={td}>{row.assigneeName ?? t('queue.unassigned')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {mayAssign && result.rows.length > 0 && (
        <BulkActions reviewers={result.reviewers.map((r) => ({ value: r.id, label: r.name }))} tags={result.tags.map((tag) => ({ value: tag.id, label: tag[locale] }))} />
      )}
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/review" query={queryOf(filter)} />
    </div>
  );
}
