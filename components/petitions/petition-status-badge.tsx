import clsx from 'clsx';
import { getTranslations } from 'next-intl/server';
import type { PublicPetitionStatus } from '@/lib/petitions/public';

const tone: Record<PublicPetitionStatus, string> = {
  open: 'border-green-600 bg-green-50 text-green-950',
  closed: 'border-slate-400 bg-slate-100 text-slate-900',
};

export async function PetitionStatusBadge({ status }: { status: PublicPetitionStatus }) {
  const t = await getTranslations('publicPetitions');
  return (
    <span className={clsx('inline-block rounded-full border px-2 py-0.5 text-sm font-semibold whitespace-nowrap', tone[status])}>
      {t(status === 'open' ? 'statusOpen' : 'statusClosed')}
    </span>
  );
}
