'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useSearchParams } from 'next/navigation';
import { useRouter } from '@/lib/i18n/navigation';
import { safeReturnPath } from '@/lib/auth/return-path';
import { signInSchema, type SignInInput } from '@/lib/validation/accounts';

const knownErrors = new Set(['auth.invalidCredentials', 'auth.throttled', 'auth.emailNotVerified']);
/** Answers about the second factor: they belong beside the code field, not in the alert. */
const codeErrors = new Set(['auth.codeRequired', 'auth.codeInvalid']);

export function SignInForm() {
  const isHydrated = useHydrated();
  const t = useTranslations();
  const router = useRouter();
  const returnTo = safeReturnPath(useSearchParams().get('next'));
  const [isPending, startTransition] = useTransition();
  /** The message shown above the form, already in the page's language. */
  const [failure, setFailure] = useState<string | null>(null);
  // The server asked for the second factor: the code field appears below the password.
  const [needsCode, setNeedsCode] = useState(false);
  const [isRecoveryCode, setRecoveryCode] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const form = useForm<SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { email: '', password: '', code: '' } });
  // What was typed stays; focus moves to the message so it is read out.
  useEffect(() => {
    if (failure) alertRef.current?.focus();
  }, [failure]);
  useEffect(() => {
    if (needsCode) form.setFocus('code');
  }, [needsCode, isRecoveryCode, form]);
  const errorOf = (field: keyof SignInInput) => {
    const message = form.formState.errors[field]?.message;
    return message ? t(message as never) : undefined;
  };

  const submit = form.handleSubmit((values) => {
    setFailure(null);
    startTransition(async () => {
      try {
        const result = await signIn('credentials', { ...values, redirect: false });
        if (result?.ok && !result.error) {
          router.replace(returnTo ?? '/start');
          router.refresh();
          return;
        }
        if (result?.error && codeErrors.has(result.error)) {
          setNeedsCode(true);
          if (result.error === 'auth.codeInvalid') form.setError('code', { message: result.error }, { shouldFocus: true });
          return;
        }
        // "auth.throttled:12": blocked for 12 more minutes.
        const [key = '', minutes] = (result?.error ?? '').split(':');
        if (key === 'auth.throttled' && Number(minutes) > 0) setFailure(t('errors.tryAgainIn', { minutes: Number(minutes) }));
        else setFailure(t((knownErrors.has(key) ? key : 'auth.invalidCredentials') as never));
      } catch {
        setFailure(t('errors.network'));
      }
    });
  });

  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4" aria-busy={isPending}>
      {failure && (
        <div ref={alertRef} tabIndex={-1} data-testid="sign-in-error">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      <TextField label={t('auth.email')} type="email" autoComplete="username" inputMode="email" error={errorOf('email')} {...form.register('email')} />
      <TextField label={t('auth.password')} type="password" autoComplete="current-password" error={errorOf('password')} {...form.register('password')} />
      {needsCode && (
        <div className="flex flex-col gap-2 rounded-md border border-blue-300 bg-blue-50 p-3" data-testid="second-factor">
          <p role="status" className="font-semibold text-blue-950">
            {t('auth.codeRequired')}
          </p>
          <TextField
            key={isRecoveryCode ? 'recovery' : 'totp'}
            label={isRecoveryCode ? t('auth.recoveryCode') : t('auth.code')}
            hint={isRecoveryCode ? t('auth.recoveryCodeHint') : t('auth.codeHint')}
            autoComplete="one-time-code"
            inputMode={isRecoveryCode ? 'text' : 'numeric'}
            spellCheck={false}
            autoCapitalize="off"
            error={errorOf('code')}
            {...form.register('code')}
          />
          <button
            type="button"
            className="min-h-11 self-start font-semibold text-blue-800 underline"
            onClick={() => {
              setRecoveryCode(!isRecoveryCode);
              form.setValue('code', '');
              form.clearErrors('code');
            }}
          >
            {isRecoveryCode ? t('auth.useAppCode') : t('auth.useRecoveryCode')}
          </button>
        </div>
      )}
      <Button type="submit" disabled={isPending || !isHydrated}>
        {isPending ? t('common.working') : t('auth.submitSignIn')}
      </Button>
    </form>
  );
}
