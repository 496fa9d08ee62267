import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import type { PublicPetitionSummary } from '@/lib/petitions/public';
import { PetitionProgress } from './petition-progress';
import { PetitionStatusBadge } from './petition-status-badge';

/** One petition in a list: its title (the link to it), status, progress and closing date. Sits under an h2. */
export async function PetitionCard({ petition }: { petition: PublicPetitionSummary }) {
  const t = await getTranslations('publicPetitions');
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const id = `petition-${petition.slug}`;
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });
  return (
    <article aria-labelledby={`${id}-title`} className="flex h-full flex-col gap-3 rounded-md border border-slate-300 bg-white p-4" data-testid="petition-card">
      <div className="flex flex-col items-start gap-2">
        <PetitionStatusBadge status={petition.status} />
        <h3 id={`${id}-title`} className="text-lg font-bold text-slate-950" lang={petition.titleLocale === locale ? undefined : petition.titleLocale}>
          <Link href={`/petitions/${encodeURIComponent(petition.slug)}`} className="text-blue-800 underline underline-offset-2 hover:text-blue-950">
            {petition.title}
          </Link>
        </h3>
      </div>
      <div className="mt-auto flex flex-col gap-2">
        <PetitionProgress id={id} count={petition.confirmedCount} goal={petition.signatureGoal} />
        {petition.status === 'open' && petition.closesAt && <p className="text-sm text-slate-700">{t('endsOn', { date: date(petition.closesAt) })}</p>}
        {petition.status === 'closed' && petition.closesAt && <p className="text-sm text-slate-700">{t('closedOn', { date: date(petition.closesAt) })}</p>}
      </div>
    </article>
  );
}
