'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { localeNames, locales, type Locale } from '@/lib/i18n/locales';
import { inviteSchema, staffRoles } from '@/lib/validation/staff';
import { inviteAction } from '../actions';

/** Invites a reviewer, organizer or admin by e-mail, in the language the mail should be written in. */
export function InviteForm() {
  const t = useTranslations();
  const isHydrated = useHydrated();
  const locale = useLocale() as Locale;
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    inviteSchema,
    { email: '', role: 'reviewer', locale },
    (values) => {
      setSentTo(null);
      return inviteAction(values);
    },
    (data, f) => {
      setSentTo(data.email);
      f.reset({ email: '', role: f.getValues('role'), locale: f.getValues('locale') });
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-4" aria-busy={isPending} data-testid="invite-form">
      <div aria-live="polite">{sentTo && <Alert tone="success">{t('admin.invite.sent', { email: sentTo })}</Alert>}</div>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextField label={t('admin.invite.email')} type="email" autoComplete="off" inputMode="email" error={errorOf('email')} {...form.register('email')} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t('admin.invite.role')}
          error={errorOf('role')}
          options={staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          {...form.register('role')}
        />
        <SelectField
          label={t('admin.invite.locale')}
          error={errorOf('locale')}
          options={locales.map((l) => ({ value: l, label: localeNames[l] }))}
          {...form.register('locale')}
        />
      </div>
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? t('common.working') : t('admin.invite.submit')}
        </Button>
      </div>
    </form>
  );
}
