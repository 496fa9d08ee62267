import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { FilterActions } from '@/components/ui/filter-actions';
import { SelectField } from '@/components/ui/fields';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { Pagination } from '@/components/ui/pagination';
import { Table, TableHead, td } from '@/components/ui/table';
import { TextField } from '@/components/ui/text-field';
import { requestIp, requirePageAccess } from '@/lib/auth/session';
import type { AuditChainResult } from '@/lib/audit/chain';
import { checkAuditChain, listAuditEvents, listAuditVocabulary } from '@/lib/audit/queries';
import { Link } from '@/lib/i18n/navigation';
import { AUDIT_ACTOR_MAX, AUDIT_RECORD_ID_MAX, auditFilterQuery, parseAuditFilter } from '@/lib/validation/audit';

export async function generateMetadata() {
  const t = await getTranslations('audit');
  return { title: t('title') };
}

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageAccess('audit.view', '/admin/audit');
  const t = await getTranslations('audit');
  const tRoot = await getTranslations();
  const format = await getFormatter();
  const locale = await getLocale();
  const params = await searchParams;
  const { filter, values, errors, page } = parseAuditFilter(params);
  // First, so the check's own audit event is in the list below.
  const chain = params.verify === '1' ? await checkAuditChain(user, { ip: await requestIp() }) : null;
  const [result, vocabulary] = await Promise.all([listAuditEvents(user, filter, page), listAuditVocabulary(user)]);
  const query = auditFilterQuery(filter);
  const queryWithoutEvent = auditFilterQuery({ ...filter, event: undefined });
  const actionLabel = (action: string) => (t.has(`actions.${action}`) ? t(`actions.${action}` as never) : action);
  const recordTypeLabel = (type: string) => (t.has(`recordTypes.${type}`) ? t(`recordTypes.${type}` as never) : type);
  // A filter value no longer in the log (an old link) still shows as selected.
  const actions = [...new Set([...vocabulary.actions, ...(filter.action ? [filter.action] : [])])];
  const recordTypes = [...new Set([...vocabulary.recordTypes, ...(filter.recordType ? [filter.recordType] : [])])];
  const exportHref = `/api/admin/audit/export?${new URLSearchParams({ ...query, locale }).toString()}`;
  const single = filter.event !== undefined ? result.rows.find((row) => row.id === filter.event) : undefined;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} lead={t('lead')} />

      <PageSection id="chain" title={t('chain.title')}>
        <p className="max-w-3xl text-slate-800">{t('chain.lead')}</p>
        <form method="get" action="#chain" className="flex flex-wrap items-center gap-3">
          {Object.entries(query).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="verify" value="1" />
          <button type="submit" className={buttonClass('secondary')}>
            {t('chain.verify')}
          </button>
        </form>
        {chain && <ChainResult result={chain} />}
      </PageSection>

      <form method="get" role="search" aria-label={t('filters.label')} className="grid gap-3 rounded-md border border-slate-300 p-4 sm:grid-cols-2 lg:grid-cols-3">
        <TextField label={t('filters.actor')} hint={t('filters.actorHint')} name="actor" type="search" defaultValue={values.actor} maxLength={AUDIT_ACTOR_MAX} />
        <SelectField
          label={t('filters.action')}
          name="action"
          defaultValue={filter.action ?? ''}
          placeholder={t('filters.anyAction')}
          options={actions.map((action) => ({ value: action, label: actionLabel(action) }))}
        />
        <SelectField
          label={t('filters.recordType')}
          name="recordType"
          defaultValue={filter.recordType ?? ''}
          placeholder={t('filters.anyRecordType')}
          options={recordTypes.map((type) => ({ value: type, label: recordTypeLabel(type) }))}
        />
        <TextField label={t('filters.recordId')} hint={t('filters.recordIdHint')} name="recordId" defaultValue={values.recordId} maxLength={AUDIT_RECORD_ID_MAX} autoComplete="off" />
        <TextField
          label={t('filters.from')}
          hint={t('filters.periodHint')}
          name="from"
          type="date"
          defaultValue={values.from}
          error={errors.from ? tRoot(errors.from as never) : undefined}
        />
        <TextField label={t('filters.to')} hint={t('filters.periodHint')} name="to" type="date" defaultValue={values.to} error={errors.to ? tRoot(errors.to as never) : undefined} />
        <FilterActions applyLabel={t('filters.apply')} resetLabel={t('filters.reset')} resetHref="/admin/audit" className="sm:col-span-2 lg:col-span-3">
          <a href={exportHref} className={buttonClass('secondary')} download>
            {t('exportCsv')}
          </a>
        </FilterActions>
      </form>

      <div className="flex flex-col gap-2">
        {filter.event !== undefined && (
          <p>
            {t('filters.oneEvent', { id: filter.event })}{' '}
            <Link href={{ pathname: '/admin/audit', query: queryWithoutEvent }} className="text-blue-800 underline">
              {t('filters.allEvents')}
            </Link>
          </p>
        )}
        <p className="text-slate-800" role="status" data-testid="audit-total">
          {t('total', { count: result.total })}
        </p>
        {result.rows.length === 0 ? (
          <p>{t('empty')}</p>
        ) : (
          <Table caption={t('title')}>
            <TableHead columns={[t('columns.id'), t('columns.when'), t('columns.actor'), t('columns.action'), t('columns.record'), t('columns.details')]} />
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id} data-testid="audit-row" data-action={row.action}>
                  <th scope="row" className={`${td} font-mono font-normal tabular-nums`}>
                    <Link href={{ pathname: '/admin/audit', query: { event: String(row.id) } }} className="text-blue-800 underline">
                      {row.id}
                    </Link>
                  </th>
                  <td className={`${td} whitespace-nowrap`}>{format.dateTime(row.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td className={td}>{row.actorId ? `${row.actorName ?? ''} (${row.actorEmail ?? ''})` : t('anonymous')}</td>
                  <td className={td}>
                    {actionLabel(row.action)}
                    <span className="block font-mono text-xs text-slate-700">{row.action}</span>
                  </td>
                  <td className={`${td} font-mono text-xs break-all`}>{row.recordType ? `${recordTypeLabel(row.recordType)}: ${row.recordId ?? ''}` : ''}</td>
                  <td className={`${td} max-w-md font-mono text-xs break-all`}>{Object.keys(row.data).length > 0 ? JSON.stringify(row.data) : ''}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {single && (
          <dl className="grid gap-1 rounded-md border border-slate-300 p-4 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4" data-testid="audit-event-hashes">
            <dt className="font-semibold">{t('chainFields.prevHash')}</dt>
            <dd className="font-mono break-all">{single.prevHash ?? t('chainFields.none')}</dd>
            <dt className="font-semibold">{t('chainFields.hash')}</dt>
            <dd className="font-mono break-all">{single.hash ?? t('chainFields.none')}</dd>
          </dl>
        )}
        <Pagination page={result.page} pageCount={result.pageCount} pathname="/admin/audit" query={query} />
      </div>
    </div>
  );
}

async function ChainResult({ result }: { result: AuditChainResult }) {
  const t = await getTranslations('audit.chain');
  if (result.ok) {
    return (
      <Alert tone="success">
        <p data-testid="chain-result" data-ok="true">
          {result.lastEventId ? t('intact', { checked: result.checked, last: result.lastEventId }) : t('intactEmpty')}
        </p>
      </Alert>
    );
  }
  return (
    <Alert tone="error">
      <p data-testid="chain-result" data-ok="false" className="font-semibold">
        {t('broken', { id: result.eventId })}
      </p>
      <p>{t(`reasons.${result.reason}`)}</p>
      <p>{t('intactBefore', { checked: result.checked })}</p>
      <p>
        <Link href={{ pathname: '/admin/audit', query: { event: String(result.eventId) } }} className="font-semibold underline">
          {t('showEvent', { id: result.eventId })}
        </Link>
      </p>
    </Alert>
  );
}
