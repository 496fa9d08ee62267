import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Table, TableHead, td } from '@/components/ui/table';
import type { Locale } from '@/lib/i18n/locales';
import { latestPublicSigners, regionBreakdown } from '@/lib/petitions/public';
import { regionName } from '@/lib/reference/names';

/** Confirmed signatures per region: bars for the eye, the numbers in a table for everyone. */
export async function RegionBreakdown({ petitionId }: { petitionId: string }) {
  const t = await getTranslations('publicPetitions');
  const locale = (await getLocale()) as Locale;
  const format = await getFormatter();
  const rows = await regionBreakdown(petitionId);
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div className="flex flex-col gap-3">
      <h2 id="by-region-title" className="text-xl font-bold text-slate-950">
        {t('byRegionTitle')}
      </h2>
      {rows.length === 0 ? (
        <p className="text-slate-800">{t('byRegionEmpty')}</p>
      ) : (
        <Table caption={t('byRegionTitle')}>
          <TableHead columns={[t('sign.region'), t('signaturesTitle')]} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.regionCode}>
                <th scope="row" className={`${td} font-normal`}>
                  {regionName(r.regionCode, locale)}
                </th>
                <td className={td}>
                  <span className="flex items-center gap-2">
                    <span className="w-16 text-right tabular-nums">{format.number(r.count)}</span>
                    <span aria-hidden="true" className="h-3 rounded-sm bg-blue-800" style={{ width: `${(r.count / max) * 12}rem` }} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
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
