import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { BarChart, type BarChartRow } from '@/components/charts/bar-chart';
import { FilterActions } from '@/components/ui/filter-actions';
import { SelectField } from '@/components/ui/fields';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { Table, TableHead, td } from '@/components/ui/table';
import { TextField } from '@/components/ui/text-field';
import { requirePageAccess } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import {
  averageDaysInStatus,
  countCases,
  countCasesByMonth,
  listRecurringCourtsAndJudges,
  RECURRING_CASES_SHOWN,
  RECURRING_MIN_CASES,
  type Count,
  type RecurringName,
  type TopCounts,
} from '@/lib/insights/queries';
import { caseKindList } from '@/lib/reference/data';
import { caseKindName, groundName, regionName } from '@/lib/reference/names';
import { parseInsightsFilter } from '@/lib/validation/insights';

export async function generateMetadata() {
  const t = await getTranslations('insights');
  return { title: t('title') };
}

const chartRows = (counts: Count[], label: (c: Count) => string): BarChartRow[] => counts.map((c) => ({ key: c.key, label: label(c), value: c.count }));

/** A court's or judge's cases as links to the reviewer's workspace, with how many were left out. */
async function CaseLinks({ entry }: { entry: RecurringName }) {
  const t = await getTranslations('insights');
  const more = entry.count - entry.cases.length;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1">
      {entry.cases.map((c) => (
        <li key={c.id}>
          <Link href={`/review/cases/${c.id}`} className="whitespace-nowrap text-blue-800 underline">
            {c.reference}
          </Link>
        </li>
      ))}
      {more > 0 && <li>{t('recurring.moreCases', { count: more })}</li>}
    </ul>
  );
}

async function RecurringTable({ id, title, nameHeader, entries, withCourts }: { id: string; title: string; nameHeader: string; entries: RecurringName[]; withCourts: boolean }) {
  const t = await getTranslations('insights');
  return (
    <div className="flex flex-col gap-2" data-testid={id}>
      <h3 id={id} className="text-lg font-bold text-slate-950">
        {title}
      </h3>
      {entries.length === 0 ? (
        <p>{t('recurring.none')}</p>
      ) : (
        <Table caption={title}>
          <TableHead columns={[nameHeader, ...(withCourts ? [t('recurring.courts')] : []), t('recurring.count'), t('recurring.cases')]} />
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.key} data-testid={`${id}-row`}>
                <th scope="row" className={`${td} font-semibold`}>
                  {entry.name}
                </th>
                {withCourts && <td className={td}>{entry.courts.join('; ')}</td>}
                <td className={`${td} tabular-nums`}>{entry.count}</td>
                <td className={td}>
                  <CaseLinks entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageAccess('insights.view', '/organize/insights');
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const format = await getFormatter();
  const { filter, values, errors } = parseInsightsFilter(await searchParams);
  const [counts, months, recurring, durations] = await Promise.all([
    countCases(user, filter),
    countCasesByMonth(user, filter),
    listRecurringCourtsAndJudges(user, filter),
    averageDaysInStatus(user, filter),
  ]);
  const monthLabel = (month: string) => {
    const [year, m] = month.split('-').map(Number) as [number, number];
    return format.dateTime(new Date(Date.UTC(year, m - 1, 1)), { year: 'numeric', month: 'long', timeZone: 'UTC' });
  };
  const topNote = (top: TopCounts) => (top.distinct > top.rows.length ? t('insights.topNote', { shown: top.rows.length, total: top.distinct }) : undefined);
  const valueLabel = t('insights.count');

  return (
    <div>
      <PageHeader title={t('insights.title')} lead={t('insights.lead')} />

      <form method="get" role="search" aria-label={t('insights.filters.label')} className="mb-4 grid gap-3 rounded-md border border-slate-300 p-4 sm:grid-cols-3">
        <TextField label={t('insights.filters.from')} name="from" type="date" defaultValue={values.from} error={errors.from ? t(errors.from as never) : undefined} />
        <TextField label={t('insights.filters.to')} name="to" type="date" defaultValue={values.to} error={errors.to ? t(errors.to as never) : undefined} />
        <SelectField
          label={t('insights.filters.kind')}
          name="kind"
          defaultValue={filter.kind ?? ''}
          placeholder={t('insights.filters.anyKind')}
          options={caseKindList.map((k) => ({ value: k.code, label: k.names[locale] }))}
        />
        <FilterActions applyLabel={t('insights.filters.apply')} resetLabel={t('insights.filters.reset')} resetHref="/organize/insights" className="sm:col-span-3" />
      </form>

      <p className="mb-6 text-slate-800" role="status" data-testid="insights-total">
        {t('insights.matching', { count: counts.total })}
      </p>

      <div className="flex flex-col gap-8">
        <BarChart
          id="over-time"
          title={t('insights.overTime')}
          note={t('insights.overTimeNote')}
          labelHeader={t('insights.columns.month')}
          valueLabel={valueLabel}
          rows={months.map((m) => ({ key: m.month, label: monthLabel(m.month), value: m.count }))}
        />
        <div className="grid items-start gap-6 lg:grid-cols-2">
          <BarChart id="by-status" title={t('insights.byStatus')} labelHeader={t('insights.columns.status')} valueLabel={valueLabel} rows={chartRows(counts.byStatus, (c) => t(`status.${c.key}` as never))} />
          <BarChart id="by-kind" title={t('insights.byKind')} labelHeader={t('insights.columns.kind')} valueLabel={valueLabel} rows={chartRows(counts.byKind, (c) => caseKindName(c.key, locale))} />
          <BarChart id="by-region" title={t('insights.byRegion')} labelHeader={t('insights.columns.region')} valueLabel={valueLabel} rows={chartRows(counts.byRegion, (c) => regionName(c.key, locale))} />
          <BarChart id="by-ground" title={t('insights.byGround')} labelHeader={t('insights.columns.ground')} valueLabel={valueLabel} rows={chartRows(counts.byGround, (c) => groundName(c.key, locale))} />
          <BarChart
            id="by-court"
            title={t('insights.byCourt')}
            note={topNote(counts.byCourt)}
            labelHeader={t('insights.columns.court')}
            valueLabel={valueLabel}
            rows={chartRows(counts.byCourt.rows, (c) => c.label ?? c.key)}
          />
          <BarChart
            id="by-article"
            title={t('insights.byArticle')}
            note={topNote(counts.byArticle)}
            labelHeader={t('insights.columns.article')}
            valueLabel={valueLabel}
            rows={chartRows(counts.byArticle.rows, (c) => c.label ?? c.key)}
          />
        </div>
        <BarChart
          id="time-in-status"
          title={t('insights.duration.title')}
          note={t('insights.duration.note')}
          labelHeader={t('insights.columns.status')}
          valueLabel={t('insights.duration.averageDays')}
          rows={durations.map((d) => ({
            key: d.status,
            label: t(`status.${d.status}` as never),
            value: d.averageDays,
            display: t('insights.duration.value', { days: format.number(d.averageDays, { maximumFractionDigits: 1 }), stays: d.stays }),
          }))}
        />
        <PageSection id="recurring" title={t('insights.recurring.title')}>
          <p className="max-w-3xl text-slate-800">{t('insights.recurring.lead', { min: RECURRING_MIN_CASES, shown: RECURRING_CASES_SHOWN })}</p>
          <RecurringTable id="recurring-courts" title={t('insights.recurring.courtsTitle')} nameHeader={t('insights.columns.court')} entries={recurring.courts} withCourts={false} />
          <RecurringTable id="recurring-judges" title={t('insights.recurring.judgesTitle')} nameHeader={t('insights.columns.judge')} entries={recurring.judges} withCourts />
        </PageSection>
      </div>
    </div>
  );
}
