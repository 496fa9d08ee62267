'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { Locale } from '@/lib/i18n/locales';
import { forgotPasswordSchema } from '@/lib/validation/accounts';
import { forgotPasswordAction } from '../actions';

export function ForgotPasswordForm() {
  const isHydrated = useHydrated();
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const [isSent, setSent] = useState(false);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    forgotPasswordSchema,
    { email: '', locale },
    forgotPasswordAction,
    () => setSent(true),
  );
  if (isSent) return <Alert tone="success">{t('auth.forgotSent')}</Alert>;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <input type="hidden" {...form.register('locale')} />
      <TextField label={t('auth.email')} type="email" autoComplete="email" inputMode="email" error={errorOf('email')} {...form.register('email')} />
      <Button type="submit" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('auth.submitForgot')}
      </Button>
    </form>
  );
}
