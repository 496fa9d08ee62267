'use client';

import { signOut } from 'next-auth/react';
import { useLocale, useTranslations } from 'next-intl';
import { useHydrated } from '@/components/forms/use-hydrated';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { changePasswordSchema } from '@/lib/validation/account-security';
import { changePasswordAction } from '../actions';

/** Current and new password. Every session ends, this one too: the user signs in again. */
export function ChangePasswordForm() {
  const t = useTranslations();
  const locale = useLocale();
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    changePasswordSchema,
    { currentPassword: '', newPassword: '', newPasswordConfirm: '' },
    changePasswordAction,
    () => void signOut({ callbackUrl: `/${locale}/sign-in?after=password` }),
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextField label={t('accountSecurity.currentPassword')} type="password" autoComplete="current-password" error={errorOf('currentPassword')} {...form.register('currentPassword')} />
      <TextField
        label={t('auth.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        error={errorOf('newPassword')}
        {...form.register('newPassword')}
      />
      <TextField label={t('auth.confirmPassword')} type="password" autoComplete="new-password" error={errorOf('newPasswordConfirm')} {...form.register('newPasswordConfirm')} />
      <Button type="submit" className="self-start" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('accountSecurity.changePassword')}
      </Button>
    </form>
  );
}
