'use client';

import { useTranslations } from 'next-intl';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { intakeSteps, type IntakeStep } from '@/lib/validation/intake';

/** Back and "save and continue"; both save the step first. */
export function StepButtons({ step, isPending, goTo }: { step: IntakeStep; isPending: boolean; goTo: (s: IntakeStep) => void }) {
  const t = useTranslations('intake');
  const tc = useTranslations('common');
  const isHydrated = useHydrated();
  const index = intakeSteps.indexOf(step);
  const previous = intakeSteps[index - 1];
  const next = intakeSteps[index + 1];
  return (
    <div className="mt-2 flex flex-wrap gap-3">
      {previous && (
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated} onClick={() => goTo(previous)}>
          {t('back')}
        </Button>
      )}
      {next && (
        <Button type="submit" disabled={isPending || !isHydrated} onClick={() => goTo(next)}>
          {isPending ? tc('working') : t('next')}
        </Button>
      )}
    </div>
  );
}
