'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { Link } from '@/lib/i18n/navigation';
import { resetPasswordSchema } from '@/lib/validation/accounts';
import { resetPasswordAction } from '../actions';

export function ResetPasswordForm({ token }: { token: string }) {
  const isHydrated = useHydrated();
  const t = useTranslations();
  const [isDone, setDone] = useState(false);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    resetPasswordSchema,
    { token, password: '', passwordConfirm: '' },
    resetPasswordAction,
    () => setDone(true),
  );
  if (isDone) {
    return (
      <Alert tone="success">
        <p>{t('auth.resetSuccess')}</p>
        <p className="mt-2">
          <Link href="/sign-in" className="font-semibold underline">
            {t('auth.signInTitle')}
          </Link>
        </p>
      </Alert>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <input type="hidden" {...form.register('token')} />
      <TextField
        label={t('auth.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        error={errorOf('password')}
        {...form.register('password')}
      />
      <TextField
        label={t('auth.confirmPassword')}
        type="password"
        autoComplete="new-password"
        error={errorOf('passwordConfirm')}
        {...form.register('passwordConfirm')}
      />
      <Button type="submit" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('auth.submitReset')}
      </Button>
    </form>
  );
}
