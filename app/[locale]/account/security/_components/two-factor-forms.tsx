'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition, type ComponentProps } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useRouter } from '@/lib/i18n/navigation';
import { totpCodeSchema } from '@/lib/validation/account-security';
import { confirmTwoFactorAction, regenerateRecoveryCodesAction, startTwoFactorAction, turnOffTwoFactorAction } from '../actions';

/** The code field of every form here: six digits from the app, offered by the phone's keyboard. */
function CodeField({ label, error, ...props }: ComponentProps<typeof TextField>) {
  return <TextField label={label} autoComplete="one-time-code" inputMode="numeric" spellCheck={false} maxLength={9} error={error} {...props} />;
}

/** Starts (or starts over) turning two-factor on: the page then shows a QR code and the secret. */
export function StartTwoFactorButton({ isRestart = false }: { isRestart?: boolean }) {
  const t = useTranslations();
  const isHydrated = useHydrated();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert tone="error">{t(error as never)}</Alert>}
      <Button
        type="button"
        variant={isRestart ? 'secondary' : 'primary'}
        className="self-start"
        disabled={isPending || !isHydrated}
        onClick={() => {
          setError(null);
          startTransition(async () => {
            try {
              const result = await startTwoFactorAction({});
              if (result.ok) router.refresh();
              else setError(result.formError ?? 'errors.UNEXPECTED');
            } catch {
              setError('errors.network');
            }
          });
        }}
      >
        {isPending ? t('common.working') : isRestart ? t('accountSecurity.restartEnrollment') : t('accountSecurity.startEnrollment')}
      </Button>
    </div>
  );
}

/**
 * The new recovery codes, shown once. Focus moves to the heading so a screen reader starts here;
 * the page is refreshed (and the codes gone) only when the user says they have saved them.
 */
function RecoveryCodes({ codes, title, onDone, doneLabel }: { codes: string[]; title: string; onDone: () => void; doneLabel: string }) {
  const t = useTranslations('accountSecurity');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="flex flex-col gap-3 rounded-md border border-green-400 bg-green-50 p-4 text-green-950" data-testid="recovery-codes">
      <h3 ref={headingRef} tabIndex={-1} className="text-lg font-bold">
        {title}
      </h3>
      <p>{t('recoveryCodesOnce')}</p>
      <ol className="grid max-w-md grid-cols-1 gap-1 font-mono text-lg sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ol>
      <Button type="button" className="self-start" onClick={onDone}>
        {doneLabel}
      </Button>
    </div>
  );
}

/** Confirms the enrollment with a code from the app; then shows the ten recovery codes once. */
export function ConfirmTwoFactorForm({ continueTo }: { continueTo: string | null }) {
  const t = useTranslations();
  const isHydrated = useHydrated();
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(totpCodeSchema, { code: '' }, confirmTwoFactorAction, (data) =>
    setCodes(data.recoveryCodes),
  );
  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        title={t('accountSecurity.enabledTitle')}
        doneLabel={continueTo ? t('accountSecurity.continue') : t('accountSecurity.savedCodes')}
        onDone={() => {
          // Refreshed either way: the header's sections appear once a staff account is enrolled.
          if (continueTo) router.push(continueTo);
          router.refresh();
        }}
      />
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <CodeField label={t('accountSecurity.confirmCode')} hint={t('accountSecurity.confirmCodeHint')} error={errorOf('code')} {...form.register('code')} />
      <Button type="submit" className="self-start" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('accountSecurity.confirmEnrollment')}
      </Button>
    </form>
  );
}

/** Ten new recovery codes for a current code; the old ones stop working. */
export function RegenerateRecoveryCodesForm() {
  const t = useTranslations();
  const isHydrated = useHydrated();
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(totpCodeSchema, { code: '' }, regenerateRecoveryCodesAction, (data, f) => {
    f.reset();
    setCodes(data.recoveryCodes);
  });
  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        title={t('accountSecurity.regeneratedTitle')}
        doneLabel={t('accountSecurity.savedCodes')}
        onDone={() => {
          setCodes(null);
          router.refresh();
        }}
      />
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-3" aria-busy={isPending} aria-labelledby="regenerate-title">
      <h3 id="regenerate-title" className="text-lg font-bold text-slate-950">
        {t('accountSecurity.regenerateTitle')}
      </h3>
      <p className="text-slate-800">{t('accountSecurity.regenerateLead')}</p>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <CodeField label={t('accountSecurity.currentCode')} error={errorOf('code')} {...form.register('code')} />
      <Button type="submit" variant="secondary" className="self-start" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('accountSecurity.regenerate')}
      </Button>
    </form>
  );
}

/** Applicants only: two-factor off, with a current code. */
export function TurnOffTwoFactorForm() {
  const t = useTranslations();
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(totpCodeSchema, { code: '' }, turnOffTwoFactorAction, (_data, f) => f.reset());
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-3" aria-busy={isPending} aria-labelledby="turn-off-title">
      <h3 id="turn-off-title" className="text-lg font-bold text-slate-950">
        {t('accountSecurity.turnOffTitle')}
      </h3>
      <p className="text-slate-800">{t('accountSecurity.turnOffLead')}</p>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <CodeField label={t('accountSecurity.currentCode')} error={errorOf('code')} {...form.register('code')} />
      <Button type="submit" variant="secondary" className="self-start" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('accountSecurity.turnOff')}
      </Button>
    </form>
  );
}
