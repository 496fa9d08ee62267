'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useRouter } from '@/lib/i18n/navigation';
import { submitCaseAction } from '../actions';

/** Submits once: the button locks while the request runs, and the server is idempotent anyway. */
export function SubmitCase({ caseId, isReady }: { caseId: string; isReady: boolean }) {
  const t = useTranslations();
  const router = useRouter();
  const isHydrated = useHydrated();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-3">
      {error && <Alert tone="error">{t(error as never)}</Alert>}
      <div>
        <Button
          type="button"
          disabled={!isReady || isPending || !isHydrated}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              try {
                const result = await submitCaseAction({ caseId });
                if (result.ok) router.push(`/my/cases/${caseId}?submitted=1`);
                else setError(result.formError ?? 'errors.UNEXPECTED');
              } catch {
                setError('errors.network');
              }
            })
          }
        >
          {isPending ? t('common.working') : t('intake.review.submit')}
        </Button>
      </div>
    </div>
  );
}
