'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/fields';
import { useRouter } from '@/lib/i18n/navigation';
import { withdrawCaseSchema } from '@/lib/validation/case-messages';
import { withdrawCaseAction } from '../actions';

/** Withdrawal in two steps on the page itself: open, tick the confirmation, confirm. */
export function WithdrawCase({ caseId }: { caseId: string }) {
  const t = useTranslations('caseView');
  const tc = useTranslations('common');
  const router = useRouter();
  const isHydrated = useHydrated();
  const [isOpen, setOpen] = useState(false);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    withdrawCaseSchema,
    { caseId, isConfirmed: false as unknown as true },
    withdrawCaseAction,
    () => {
      setOpen(false);
      router.refresh();
    },
  );
  if (!isOpen) {
    return (
      <div>
        <Button type="button" variant="secondary" disabled={!isHydrated} onClick={() => setOpen(true)}>
          {t('withdraw')}
        </Button>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3 rounded-md border border-red-300 p-4" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <p className="text-slate-900">{t('withdrawWarning')}</p>
      <input type="hidden" {...form.register('caseId')} />
      <CheckboxField label={t('withdrawConfirm')} error={errorOf('isConfirmed')} {...form.register('isConfirmed')} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={isPending}>
          {isPending ? tc('working') : t('withdrawSubmit')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
