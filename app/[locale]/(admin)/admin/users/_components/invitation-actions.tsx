'use client';

import { useTranslations } from 'next-intl';
import { createContext, useContext, useRef, useState, useTransition, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { resendInvitationAction, revokeInvitationAction } from '../actions';

type Notice = { tone: 'success' | 'error'; key: string };
const NoticeContext = createContext<(notice: Notice) => void>(() => undefined);

/**
 * The invitations list with one notice above it: revoking removes the row (and its button), so
 * what happened is said, and focused, where it stays.
 */
export function InvitationNotices({ children }: { children: ReactNode }) {
  const t = useTranslations();
  const [notice, setNotice] = useState<Notice | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const show = (n: Notice) => {
    setNotice(n);
    requestAnimationFrame(() => ref.current?.focus());
  };
  return (
    <NoticeContext.Provider value={show}>
      <div ref={ref} tabIndex={-1} aria-live="polite" className="focus:outline-2 focus:outline-blue-800">
        {notice && <Alert tone={notice.tone}>{t(notice.key as never)}</Alert>}
      </div>
      {children}
    </NoticeContext.Provider>
  );
}

export function InvitationActions({ invitationId, email }: { invitationId: string; email: string }) {
  const t = useTranslations();
  const notify = useContext(NoticeContext);
  const [isPending, startTransition] = useTransition();
  const run = (action: typeof resendInvitationAction, doneKey: string) =>
    startTransition(async () => {
      try {
        const result = await action({ invitationId });
        notify(result.ok ? { tone: 'success', key: doneKey } : { tone: 'error', key: Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.formError ?? 'errors.UNEXPECTED' });
      } catch {
        notify({ tone: 'error', key: 'errors.network' });
      }
    });
  return (
    <div className="flex flex-wrap gap-2">
      <button type="button" disabled={isPending} className={buttonClass('secondary', 'text-sm')} onClick={() => run(resendInvitationAction, 'admin.invitations.resent')}>
        {t('admin.invitations.resend')}
        <span className="sr-only"> {t('admin.actionFor', { name: email })}</span>
      </button>
      <button type="button" disabled={isPending} className={buttonClass('secondary', 'text-sm')} onClick={() => run(revokeInvitationAction, 'admin.invitations.revoked')}>
        {t('admin.invitations.revoke')}
        <span className="sr-only"> {t('admin.actionFor', { name: email })}</span>
      </button>
    </div>
  );
}
