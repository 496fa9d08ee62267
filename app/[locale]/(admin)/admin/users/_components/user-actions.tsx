'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState, useTransition } from 'react';
import { buttonClass } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import { disableUserAction, enableUserAction, endSessionsAction } from '../actions';

type Message = { tone: 'ok' | 'error'; key: string };

/**
 * One button that runs an action on the row's user and says what happened beside it. The
 * person's name is in the button's accessible name, so a list of "Disable" buttons is usable
 * with a screen reader.
 */
function RowButton({ label, name, run, doneKey, onMessage }: { label: string; name: string; run: () => Promise<ActionResult<unknown>>; doneKey: string; onMessage: (m: Message) => void }) {
  const t = useTranslations();
  const [isPending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={isPending}
      className={buttonClass('secondary', 'text-sm')}
      onClick={() =>
        startTransition(async () => {
          try {
            const result = await run();
            if (result.ok) onMessage({ tone: 'ok', key: doneKey });
            else onMessage({ tone: 'error', key: Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.formError ?? 'errors.UNEXPECTED' });
          } catch {
            onMessage({ tone: 'error', key: 'errors.network' });
          }
        })
      }
    >
      {label}
      <span className="sr-only"> {t('admin.actionFor', { name })}</span>
    </button>
  );
}

/** Disable or re-enable an account, and end all its sessions. Nobody disables themselves. */
export function UserActions({ userId, name, isDisabled, isSelf }: { userId: string; name: string; isDisabled: boolean; isSelf: boolean }) {
  const t = useTranslations();
  const [message, setMessage] = useState<Message | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  // The clicked button may give way to another (Disable → Re-enable): focus goes to what happened.
  const show = (m: Message) => {
    setMessage(m);
    requestAnimationFrame(() => ref.current?.focus());
  };
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {isDisabled ? (
          <RowButton label={t('admin.enable')} name={name} run={() => enableUserAction({ userId })} doneKey="admin.enabled" onMessage={show} />
        ) : (
          !isSelf && <RowButton label={t('admin.disable')} name={name} run={() => disableUserAction({ userId })} doneKey="admin.disabled" onMessage={show} />
        )}
        {!isDisabled && <RowButton label={t('admin.endSessions')} name={name} run={() => endSessionsAction({ userId })} doneKey="admin.sessionsEnded" onMessage={show} />}
      </div>
      <div ref={ref} tabIndex={-1} aria-live="polite" className="focus:outline-2 focus:outline-blue-800">
        {message && (
          <p role={message.tone === 'error' ? 'alert' : undefined} className={message.tone === 'error' ? 'font-semibold text-red-800' : 'text-green-900'}>
            {t(message.key as never)}
          </p>
        )}
      </div>
    </div>
  );
}
