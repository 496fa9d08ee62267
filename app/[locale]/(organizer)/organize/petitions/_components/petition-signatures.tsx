import { getFormatter, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Table, TableHead, td } from '@/components/ui/table';
import type { Locale } from '@/lib/i18n/locales';
import type { SignatureStatistics } from '@/lib/petitions/statistics';
import { regionName } from '@/lib/reference/names';

const numberCell = `${td} text-right tabular-nums`;

/** The signatures of an open or closed petition: the counts, the CSV download, per day and per region. */
export async function PetitionSignatures({ petitionId, statistics, locale }: { petitionId: string; statistics: SignatureStatistics; locale: Locale }) {
  const t = await getTranslations('petitions.signatures');
  const format = await getFormatter();
  const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
  // A stored day is a calendar day, not a moment: read it at 00:00 UTC so no time zone shifts it.
  const day = (value: string) => format.dateTime(new Date(`${value}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' });

  return (
    <div className="flex flex-col gap-4">
      <div>
        <p>{t.rich('confirmed', { count: statistics.confirmed, strong })}</p>
        <p>{t.rich('unconfirmed', { count: statistics.unconfirmed, strong })}</p>
        <p className="text-sm text-slate-700">{t('unconfirmedHint')}</p>
      </div>
      <div>
        {/* A plain link the browser saves itself: the file is streamed to disk, however many rows. */}
        <a href={`/api/organize/petitions/${petitionId}/signatures?locale=${locale}`} className="text-blue-800 underline" download data-testid="signatures-csv">
          {t('download')}
        </a>
        <p className="text-sm text-slate-700">{t('downloadHint')}</p>
      </div>
      {statistics.confirmed === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <section aria-labelledby="signatures-by-day" className="flex flex-col gap-2">
            <h3 id="signatures-by-day" className="text-lg font-bold">
              {t('byDayTitle')}
            </h3>
            <Table caption={t('byDayCaption')}>
              <TableHead columns={[t('day'), t('count')]} />
              <tbody>
                {statistics.byDay.map((row) => (
                  <tr key={row.day} data-testid="signatures-day-row">
                    <th scope="row" className={`${td} font-normal whitespace-nowrap`}>
                      <time dateTime={row.day}>{day(row.day)}</time>
                    </th>
                    <td className={numberCell}>{format.number(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {statistics.hasEarlierDays && <p className="text-sm text-slate-700">{t('byDayLimited', { days: statistics.byDay.length })}</p>}
          </section>
          <section aria-labelledby="signatures-by-region" className="flex flex-col gap-2">
            <h3 id="signatures-by-region" className="text-lg font-bold">
              {t('byRegionTitle')}
            </h3>
            <Table caption={t('byRegionCaption')}>
              <TableHead columns={[t('region'), t('count')]} />
              <tbody>
                {statistics.byRegion.map((row) => (
                  <tr key={row.regionCode ?? ''} data-testid="signatures-region-row">
                    <th scope="row" className={`${td} font-normal`}>
                      {row.regionCode ? regionName(row.regionCode, locale) : t('regionNotGiven')}
                    </th>
                    <td className={numberCell}>{format.number(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </section>
        </div>
      )}
    </div>
  );
}
