'use client';

import { signOut } from 'next-auth/react';
import { useLocale, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { endSessionsAction } from '../actions';

/** "Sign out everywhere": every session of the account ends, this one included. */
export function EndSessionsButton() {
  const t = useTranslations();
  const locale = useLocale();
  const isHydrated = useHydrated();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert tone="error">{t(error as never)}</Alert>}
      <Button
        type="button"
        variant="secondary"
        className="self-start"
        disabled={isPending || !isHydrated}
        onClick={() => {
          setError(null);
          startTransition(async () => {
            try {
              const result = await endSessionsAction({});
              if (result.ok) await signOut({ callbackUrl: `/${locale}/sign-in?after=sessions` });
              else setError(result.formError ?? 'errors.UNEXPECTED');
            } catch {
              setError('errors.network');
            }
          });
        }}
      >
        {isPending ? t('common.working') : t('accountSecurity.endSessions')}
      </Button>
    </div>
  );
}
