import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import { BarChart, type BarChartRow } from '@/components/charts/bar-chart';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { caseKindName, regionName } from '@/lib/reference/names';
import { getPublicStats, PUBLIC_STATS_JSON_PATH, type Cell, type KeyedCell } from '@/lib/stats/public';

export async function generateMetadata() {
  const t = await getTranslations('stats');
  return { title: t('title') };
}

/** Open statistics for everyone: suppressed counts only (lib/stats/public.ts), in the visitor's language. */
export default async function StatsPage() {
  await connection();
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const format = await getFormatter();
  const stats = await getPublicStats();
  const fewer = t('stats.fewerThan', { count: stats.minPublishedCount });
  const shown = (cell: Cell) => (cell.count === null ? fewer : format.number(cell.count));
  const rows = (cells: KeyedCell[], label: (key: string) => string): BarChartRow[] =>
    cells.map((c) => ({ key: c.key, label: label(c.key), value: c.count, display: c.count === null ? fewer : undefined }));
  const outcomeLabel = (key: string) => (key === 'awaiting_answer' ? t('stats.awaitingAnswer') : t(`status.${key}` as never));

  const figures = [
    { id: 'total', label: t('stats.totalCases'), cell: stats.cases.total },
    { id: 'bundles-filed', label: t('stats.bundlesFiled'), cell: stats.filing.bundlesFiled },
    { id: 'open-petitions', label: t('stats.openPetitions'), cell: stats.petitions.open },
    { id: 'closed-petitions', label: t('stats.closedPetitions'), cell: stats.petitions.closed },
    { id: 'signatures', label: t('stats.confirmedSignatures'), cell: stats.petitions.confirmedSignatures },
  ];

  return (
    <div>
      <PageHeader title={t('stats.title')} lead={t('stats.lead')}>
        <p className="max-w-3xl text-slate-800">{t('stats.suppression', { count: stats.minPublishedCount })}</p>
        <p className="max-w-3xl text-sm text-slate-700">
          {t('stats.updated', { time: format.dateTime(new Date(stats.generatedAt), { dateStyle: 'long', timeStyle: 'short' }) })}{' '}
          <a href={PUBLIC_STATS_JSON_PATH} className="font-semibold text-blue-800 underline" type="application/json">
            {t('stats.json')}
          </a>
        </p>
      </PageHeader>

      <div className="flex flex-col gap-8">
        <PageSection id="summary" title={t('stats.summaryTitle')}>
          <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="stats-summary">
            {figures.map((f) => (
              <div key={f.id} className="flex flex-col-reverse gap-1 rounded-md border border-slate-300 p-4">
                <dt className="text-sm text-slate-800">{f.label}</dt>
                <dd className={f.cell.count === null ? 'text-xl font-semibold text-slate-900 italic' : 'text-3xl font-bold text-slate-950 tabular-nums'}>{shown(f.cell)}</dd>
              </div>
            ))}
          </dl>
          <p>
            <Link href="/petitions" className="font-semibold text-blue-800 underline">
              {t('stats.allPetitions')}
            </Link>
          </p>
        </PageSection>

        <div className="grid items-start gap-6 lg:grid-cols-2">
          <BarChart
            id="by-status"
            title={t('stats.byStatus')}
            labelHeader={t('stats.columns.status')}
            valueLabel={t('stats.columns.cases')}
            rows={rows(stats.cases.byStatus, (k) => t(`status.${k}` as never))}
          />
          <BarChart
            id="by-region"
            title={t('stats.byRegion')}
            labelHeader={t('stats.columns.region')}
            valueLabel={t('stats.columns.cases')}
            rows={rows(stats.cases.byRegion, (k) => regionName(k, locale))}
          />
          <BarChart
            id="by-kind"
            title={t('stats.byKind')}
            labelHeader={t('stats.columns.kind')}
            valueLabel={t('stats.columns.cases')}
            rows={rows(stats.cases.byKind, (k) => caseKindName(k, locale))}
          />
          <BarChart
            id="by-year"
            title={t('stats.byYear')}
            labelHeader={t('stats.columns.year')}
            valueLabel={t('stats.columns.cases')}
            rows={rows(stats.cases.byJudgmentYear, (k) => k)}
          />
          <BarChart
            id="outcomes"
            title={t('stats.outcomesTitle')}
            note={t('stats.outcomesNote')}
            labelHeader={t('stats.columns.outcome')}
            valueLabel={t('stats.columns.cases')}
            rows={rows(stats.filing.outcomes, outcomeLabel)}
          />
        </div>
      </div>
    </div>
  );
}
