'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { buttonClass } from '@/components/ui/button';
import { retryMailAction } from '../actions';

/** "Send again" for one failed mail; the recipient is in the button's accessible name. */
export function RetryMailButton({ jobId, to }: { jobId: number; to: string }) {
  const t = useTranslations();
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; key: string } | null>(null);
  const [isPending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        disabled={isPending || message?.tone === 'ok'}
        className={buttonClass('secondary', 'whitespace-nowrap text-sm')}
        onClick={() =>
          startTransition(async () => {
            try {
              const result = await retryMailAction({ jobId });
              setMessage(result.ok ? { tone: 'ok', key: 'mailAdmin.queued' } : { tone: 'error', key: result.formError ?? 'errors.UNEXPECTED' });
            } catch {
              setMessage({ tone: 'error', key: 'errors.network' });
            }
          })
        }
      >
        {t('mailAdmin.sendAgain')}
        <span className="sr-only"> {t('mailAdmin.sendAgainTo', { to })}</span>
      </button>
      <div aria-live="polite">
        {message && (
          <p role={message.tone === 'error' ? 'alert' : undefined} className={message.tone === 'error' ? 'font-semibold text-red-800' : 'text-green-900'}>
            {t(message.key as never)}
          </p>
        )}
      </div>
    </div>
  );
}
