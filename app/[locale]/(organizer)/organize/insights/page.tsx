import { getLocale, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableHead, td } from '@/components/ui/table';
import { requirePageAccess } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/locales';
import { countCases, type Count } from '@/lib/insights/queries';
import { caseKindName, groundName, regionName } from '@/lib/reference/names';

export async function generateMetadata() {
  const t = await getTranslations('insights');
  return { title: t('title') };
}

async function CountTable({ id, title, counts, label }: { id: string; title: string; counts: Count[]; label: (key: string) => string }) {
  const t = await getTranslations('insights');
  const max = Math.max(1, ...counts.map((c) => c.count));
  return (
    <div className="flex flex-col gap-2">
      <h2 id={id} className="text-xl font-bold text-slate-950">
        {title}
      </h2>
      <Table caption={title}>
        <TableHead columns={[t('label'), t('count')]} />
        <tbody>
          {counts.map((c) => (
            <tr key={c.key}>
              <th scope="row" className={`${td} font-normal`}>{label(c.key)}</th>
              <td className={td}>
                <span className="flex items-center gap-2">
                  <span className="w-8 text-right tabular-nums">{c.count}</span>
                  <span aria-hidden="true" className="h-3 rounded-sm bg-blue-700" style={{ width: `${(c.count / max) * 10}rem` }} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export default async function InsightsPage() {
  const user = await requirePageAccess('insights.view', '/organize/insights');
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  const counts = await countCases(user);
  return (
    <div>
      <PageHeader title={t('insights.title')} lead={t('insights.lead')} />
      <div className="grid gap-8 lg:grid-cols-2">
        <CountTable id="by-status" title={t('insights.byStatus')} counts={counts.byStatus} label={(k) => t(`status.${k}` as never)} />
        <CountTable id="by-kind" title={t('insights.byKind')} counts={counts.byKind} label={(k) => caseKindName(k, locale)} />
        <CountTable id="by-ground" title={t('insights.byGround')} counts={counts.byGround} label={(k) => groundName(k, locale)} />
        <CountTable id="by-region" title={t('insights.byRegion')} counts={counts.byRegion} label={(k) => regionName(k, locale)} />
      </div>
    </div>
  );
}
