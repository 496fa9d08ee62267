'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { Link } from '@/lib/i18n/navigation';
import { acceptInvitationSchema } from '@/lib/validation/staff';
import { acceptInvitationAction } from '../actions';

/** The recovery codes, shown once after the account is made; focus moves to the heading. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useTranslations('invitations.done');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="invitation-done" className="flex max-w-2xl flex-col gap-4">
      <Alert tone="success">
        <h2 id="invitation-done" ref={heading} tabIndex={-1} className="mb-2 text-lg font-bold focus:outline-2 focus:outline-blue-800">
          {t('title')}
        </h2>
        <p>{t('lead')}</p>
      </Alert>
      <h3 className="font-semibold">{t('codes')}</h3>
      <ol className="grid grid-cols-1 gap-2 font-mono text-lg sm:grid-cols-2" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code} className="rounded border border-slate-300 px-3 py-1">
            {code}
          </li>
        ))}
      </ol>
      <p>
        <Link href="/sign-in" className="font-semibold text-blue-800 underline">
          {t('signIn')}
        </Link>
      </p>
    </section>
  );
}

export function AcceptInvitationForm({ token, secret, qrSvg }: { token: string; secret: string; qrSvg: string }) {
  const t = useTranslations();
  const isHydrated = useHydrated();
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    acceptInvitationSchema,
    { token, name: '', password: '', totpSecret: secret, code: '' },
    acceptInvitationAction,
    (data) => setCodes(data.recoveryCodes),
  );
  if (codes) return <RecoveryCodes codes={codes} />;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-6" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <input type="hidden" {...form.register('token')} />
      <input type="hidden" {...form.register('totpSecret')} />
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-xl font-bold text-slate-950">{t('invitations.accountTitle')}</legend>
        <TextField label={t('invitations.name')} autoComplete="name" error={errorOf('name')} {...form.register('name')} />
        <TextField
          label={t('invitations.password')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          error={errorOf('password')}
          {...form.register('password')}
        />
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-2 text-xl font-bold text-slate-950">{t('invitations.twoFactorTitle')}</legend>
        <p className="text-slate-800">{t('invitations.twoFactorLead')}</p>
        {/* The SVG is made on the server by the qrcode library from our own otpauth URI. */}
        <div role="img" aria-label={t('invitations.qrLabel')} className="size-56 rounded border border-slate-300 bg-white" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <div>
          <p>{t('invitations.secretLabel')}</p>
          <p className="mt-1 font-mono text-lg tracking-wider break-all" data-testid="totp-secret">
            {secret.match(/.{1,4}/g)?.join(' ')}
          </p>
        </div>
        <TextField
          label={t('invitations.code')}
          hint={t('invitations.codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={12}
          error={errorOf('code')}
          {...form.register('code')}
        />
      </fieldset>
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? t('common.working') : t('invitations.submit')}
        </Button>
      </div>
    </form>
  );
}
