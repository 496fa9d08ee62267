'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Link } from '@/lib/i18n/navigation';

type State =
  | { kind: 'ready' }
  | { kind: 'sending' }
  | { kind: 'done' }
  | { kind: 'refused'; reason: 'invalid' | 'expired' | 'confirmed' | 'closed' }
  | { kind: 'rateLimited'; seconds: number; busy: boolean }
  | { kind: 'failed'; message: 'errors.network' | 'errors.UNEXPECTED' };

/** The confirm button of the e-mailed link's page; a second click while sending does nothing. */
export function ConfirmSignature({ token, petitionPath }: { token: string; petitionPath: string }) {
  const t = useTranslations();
  const [state, setState] = useState<State>({ kind: 'ready' });
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.kind !== 'ready' && state.kind !== 'sending') resultRef.current?.focus();
  }, [state.kind]);

  async function confirm() {
    if (state.kind === 'sending') return;
    setState({ kind: 'sending' });
    try {
      const response = await fetch('/api/petitions/confirmations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const body = (await response.json().catch(() => null)) as { ok?: boolean; reason?: string; retryAfterSeconds?: number } | null;
      if (response.ok && body?.ok) return setState({ kind: 'done' });
      if (response.status === 429)
        return setState({ kind: 'rateLimited', seconds: Number(response.headers.get('Retry-After')) || body?.retryAfterSeconds || 60, busy: body?.reason === 'busy' });
      const reason = body?.reason;
      if (reason === 'invalid' || reason === 'expired' || reason === 'confirmed' || reason === 'closed') return setState({ kind: 'refused', reason });
      setState({ kind: 'failed', message: 'errors.UNEXPECTED' });
    } catch {
      setState({ kind: 'failed', message: 'errors.network' });
    }
  }

  const back = (
    <Link href={petitionPath} className="inline-flex min-h-11 items-center font-semibold text-blue-800 underline underline-offset-2">
      {t('publicPetitions.confirm.backToPetition')}
    </Link>
  );

  if (state.kind === 'done' || state.kind === 'refused') {
    return (
      <div ref={resultRef} tabIndex={-1} className="flex flex-col gap-3 focus:outline-none" data-testid="confirm-result">
        {state.kind === 'done' ? (
          <Alert tone="success">
            <p className="font-semibold">{t('publicPetitions.confirm.doneTitle')}</p>
            <p>{t('publicPetitions.confirm.doneBody')}</p>
          </Alert>
        ) : (
          <Alert tone={state.reason === 'confirmed' ? 'success' : 'error'}>{t(`publicPetitions.confirm.${state.reason}`)}</Alert>
        )}
        <p>{back}</p>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-3">
      <div ref={resultRef} tabIndex={-1} className="focus:outline-none">
        {state.kind === 'rateLimited' && (
          <Alert tone="error">{t(state.busy ? 'publicPetitions.confirm.busy' : 'publicPetitions.confirm.rateLimited', { seconds: state.seconds })}</Alert>
        )}
        {state.kind === 'failed' && <Alert tone="error">{t(state.message)}</Alert>}
      </div>
      <div>
        <Button type="button" onClick={confirm} disabled={state.kind === 'sending'}>
          {state.kind === 'sending' ? t('publicPetitions.confirm.submitting') : t('publicPetitions.confirm.submit')}
        </Button>
      </div>
    </div>
  );
}
