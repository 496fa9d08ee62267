'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS, retentionSettingsSchema } from '@/lib/validation/privacy';
import { updateRetentionAction } from '../actions';

export function RetentionForm({ declinedDays }: { declinedDays: number }) {
  const t = useTranslations('privacy.settings');
  const tc = useTranslations('common');
  const isHydrated = useHydrated();
  const [saved, setSaved] = useState<number | null>(null);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(retentionSettingsSchema, { declinedDays: String(declinedDays) }, updateRetentionAction, (data) => setSaved(data.declinedDays));
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-xl flex-col gap-4" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      {saved !== null && <Alert tone="success">{t('saved', { days: saved })}</Alert>}
      <TextField
        label={t('declinedDays')}
        hint={t('declinedDaysHint', { min: RETENTION_MIN_DAYS, max: RETENTION_MAX_DAYS })}
        inputMode="numeric"
        autoComplete="off"
        error={errorOf('declinedDays')}
        {...form.register('declinedDays', { onChange: () => setSaved(null) })}
      />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? tc('working') : tc('save')}
        </Button>
      </div>
    </form>
  );
}
