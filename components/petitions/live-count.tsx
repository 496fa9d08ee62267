'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { formatCount, progressBarClass } from './progress-bar';

/**
 * The confirmed count, kept current by polling the cacheable count endpoint every 5 s while the
 * page is visible: people watching the count need not reload the whole page to see it move.
 */
export function LiveCount({ slug, initialCount, goal }: { slug: string; initialCount: number; goal: number }) {
  const t = useTranslations('publicPetitions');
  const locale = useLocale();
  const [count, setCount] = useState(initialCount);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const response = await fetch(`/api/petitions/${encodeURIComponent(slug)}/count`);
        if (!response.ok) return;
        const body = (await response.json()) as { count?: number };
        if (!stopped && typeof body.count === 'number') setCount(body.count);
      } catch {
        // Offline for a moment: the last count stays on screen.
      }
    };
    const timer = setInterval(() => void poll(), 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [slug]);

  const max = Math.max(goal, 1);
  return (
    <div className="flex flex-col gap-2">
      <p id="petition-progress" className="text-lg text-slate-900" data-testid="petition-count">
        {t.rich('progress', {
          count: formatCount(count, locale),
          goal: formatCount(goal, locale),
          strong: (chunks) => <strong className="text-2xl font-bold text-slate-950">{chunks}</strong>,
        })}
      </p>
      <progress
        aria-labelledby="petition-progress"
        value={Math.min(count, max)}
        max={max}
        className={progressBarClass('large')}
      />
    </div>
  );
}
