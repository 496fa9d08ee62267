import clsx from 'clsx';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatCount, progressBarClass } from './progress-bar';

/**
 * The confirmed total against the goal: a sentence anyone can read, and a native <progress>
 * named by that sentence, so screen readers announce both the numbers and the share.
 */
export async function PetitionProgress({ id, count, goal, size = 'small' }: { id: string; count: number; goal: number; size?: 'small' | 'large' }) {
  const t = await getTranslations('publicPetitions');
  const locale = await getLocale();
  const labelId = `${id}-progress`;
  const max = Math.max(goal, 1);
  return (
    <div className="flex flex-col gap-2">
      <p id={labelId} className={clsx('text-slate-900', size === 'large' && 'text-lg')}>
        {t.rich('progress', {
          count: formatCount(count, locale),
          goal: formatCount(goal, locale),
          strong: (chunks) => <strong className={clsx('font-bold text-slate-950', size === 'large' && 'text-2xl')}>{chunks}</strong>,
        })}
      </p>
      <progress
        aria-labelledby={labelId}
        value={Math.min(count, max)}
        max={max}
        className={progressBarClass(size)}
      />
    </div>
  );
}
