'use client';

import { signOut } from 'next-auth/react';
import { useLocale, useTranslations } from 'next-intl';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { TextField } from '@/components/ui/text-field';
import { deleteAccountSchema } from '@/lib/validation/privacy';
import { deleteAccountAction } from '../actions';

/**
 * The last step of deleting an account: the address typed again and the password. On success the
 * session is already over on the server; signing out clears the cookie and leads to the goodbye page.
 */
export function DeleteAccountForm({ email }: { email: string }) {
  const t = useTranslations('privacy.delete');
  const tc = useTranslations('common');
  const locale = useLocale();
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(deleteAccountSchema, { confirmation: '', password: '' }, deleteAccountAction, () => {
    void signOut({ callbackUrl: `/${locale}/account/privacy/deleted` });
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-xl flex-col gap-4 rounded-md border border-red-300 p-4" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextField
        label={t('confirmationLabel', { email })}
        hint={t('confirmationHint')}
        autoComplete="off"
        spellCheck={false}
        inputMode="email"
        error={errorOf('confirmation')}
        {...form.register('confirmation')}
      />
      <TextField label={t('passwordLabel')} type="password" autoComplete="current-password" error={errorOf('password')} {...form.register('password')} />
      <div>
        <button
          type="submit"
          disabled={isPending || !isHydrated}
          className="inline-flex min-h-11 items-center justify-center rounded-md bg-red-800 px-4 py-2 text-base font-semibold text-white hover:bg-red-900 disabled:cursor-not-allowed disabled:bg-slate-500"
        >
          {isPending ? tc('working') : t('submit')}
        </button>
      </div>
    </form>
  );
}
