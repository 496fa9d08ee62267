import { getLocale, getTranslations } from 'next-intl/server';
import { BarChart } from '@/components/charts/bar-chart';
import type { Locale } from '@/lib/i18n/locales';
import { latestPublicSigners, regionBreakdown } from '@/lib/petitions/public';
import { regionName } from '@/lib/reference/names';

/** Confirmed signatures per region, as the shared accessible bar chart (bars and the same figures as a table). */
export async function RegionBreakdown({ petitionId }: { petitionId: string }) {
  const t = await getTranslations('publicPetitions');
  const locale = (await getLocale()) as Locale;
  const rows = await regionBreakdown(petitionId);
  return (
    <BarChart
      id="by-region"
      title={t('byRegionTitle')}
      rows={rows.map((r) => ({ key: r.regionCode, label: regionName(r.regionCode, locale), value: r.count }))}
      valueLabel={t('signaturesTitle')}
      labelHeader={t('sign.region')}
      emptyText={t('byRegionEmpty')}
    />
  );
}

/** The latest confirmed signers who agreed to be shown: first name and region, nothing more. */
export async function LatestSigners({ petitionId }: { petitionId: string }) {
  const t = await getTranslations('publicPetitions');
  const locale = (await getLocale()) as Locale;
  const signers = await latestPublicSigners(petitionId);
  return (
    <section aria-labelledby="latest-title" className="flex flex-col gap-2">
      <h2 id="latest-title" className="text-xl font-bold text-slate-950">
        {t('latestTitle')}
      </h2>
      <p className="text-sm text-slate-700">{t('latestHint')}</p>
      {signers.length === 0 ? (
        <p className="text-slate-800">{t('latestEmpty')}</p>
      ) : (
        <ul className="grid gap-1 sm:grid-cols-2" data-testid="latest-signers">
          {signers.map((s, i) => (
            <li key={i} className="rounded-md border border-slate-200 px-3 py-2">
              <span className="font-semibold">{s.firstName}</span>
              <span className="text-slate-700">, {s.regionCode ? regionName(s.regionCode, locale) : t('regionUnknown')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
