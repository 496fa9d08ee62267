'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { Locale } from '@/lib/i18n/locales';
import { signUpSchema } from '@/lib/validation/accounts';
import { signUpAction } from '../actions';

export function SignUpForm() {
  const isHydrated = useHydrated();
  const t = useTranslations();
  const locale = useLocale() as Locale;
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    signUpSchema,
    { name: '', email: '', password: '', locale },
    signUpAction,
    (data) => setSentTo(data.email),
  );

  if (sentTo) {
    return (
      <Alert tone="success">
        <h2 className="mb-2 text-lg font-bold">{t('auth.checkEmailTitle')}</h2>
        <p>{t('auth.checkEmailBody', { email: sentTo })}</p>
      </Alert>
    );
  }

  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <input type="hidden" {...form.register('locale')} />
      <TextField label={t('auth.name')} autoComplete="name" error={errorOf('name')} {...form.register('name')} />
      <TextField label={t('auth.email')} type="email" autoComplete="email" inputMode="email" error={errorOf('email')} {...form.register('email')} />
      <TextField
        label={t('auth.password')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        error={errorOf('password')}
        {...form.register('password')}
      />
      <Button type="submit" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('auth.submitSignUp')}
      </Button>
    </form>
  );
}
