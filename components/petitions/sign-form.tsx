'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckboxField, SelectField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import type { ActionResult } from '@/lib/actions/result';
import { signatureSchema, type SignatureInput } from '@/lib/validation/signatures';

type Props = { slug: string; locale: string; regions: { value: string; label: string }[] };

/**
 * Signing: the same zod schema checks the fields here and again on the server. Whatever the
 * server did with the address, the visitor is told to check their mail (see lib/petitions/signing.ts).
 */
export function SignForm({ slug, locale, regions }: Props) {
  const t = useTranslations('publicPetitions.sign');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [retryAfter, setRetryAfter] = useState<{ seconds: number; busy: boolean } | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    signatureSchema,
    { name: '', email: '', regionCode: '', isPublic: false, website: '' },
    async (values: SignatureInput): Promise<ActionResult<{ email: string }>> => {
      setRetryAfter(null);
      const response = await fetch(`/api/petitions/${encodeURIComponent(slug)}/signatures?locale=${locale}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(values),
      });
      const body = (await response.json().catch(() => null)) as (ActionResult<undefined> & { retryAfterSeconds?: number; reason?: string }) | null;
      if (response.status === 429) {
        setRetryAfter({ seconds: Number(response.headers.get('Retry-After')) || body?.retryAfterSeconds || 60, busy: body?.reason === 'busy' });
        return { ok: false };
      }
      if (!body) return { ok: false, formError: 'errors.UNEXPECTED' };
      return body.ok ? { ok: true, data: { email: values.email.trim() } } : body;
    },
    (data) => setSentTo(data.email),
  );

  useEffect(() => {
    if (sentTo) doneRef.current?.focus();
  }, [sentTo]);

  if (sentTo) {
    return (
      <div ref={doneRef} tabIndex={-1} className="flex flex-col gap-3 focus:outline-none" data-testid="sign-sent">
        <Alert tone="success">
          <p className="font-semibold">{t('sentTitle')}</p>
          <p>{t('sentBody', { email: sentTo })}</p>
        </Alert>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            form.reset();
            setSentTo(null);
          }}
        >
          {t('again')}
        </Button>
      </div>
    );
  }

  const minutes = retryAfter ? Math.ceil(retryAfter.seconds / 60) : 0;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="sign-title" className="flex flex-col gap-4">
      <h3 id="sign-title" className="text-lg font-bold text-slate-950">
        {t('title')}
      </h3>
      <TextField label={t('name')} hint={t('nameHint')} autoComplete="name" error={errorOf('name')} {...form.register('name')} />
      <TextField label={t('email')} hint={t('emailHint')} type="email" autoComplete="email" inputMode="email" error={errorOf('email')} {...form.register('email')} />
      <SelectField label={t('region')} options={regions} placeholder={t('regionPlaceholder')} error={errorOf('regionCode')} {...form.register('regionCode')} />
      <CheckboxField label={t('isPublic')} hint={t('isPublicHint')} {...form.register('isPublic')} />
      {/* The honeypot: off-screen and out of the tab order; people never see it, robots fill it in. */}
      <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
        <label htmlFor="sign-website">{t('honeypot')}</label>
        <input id="sign-website" type="text" tabIndex={-1} autoComplete="off" {...form.register('website')} />
      </div>
      {retryAfter !== null && (
        <Alert tone="error">
          {retryAfter.busy
            ? t('busy', { seconds: retryAfter.seconds })
            : minutes > 1
              ? t('rateLimitedMinutes', { minutes })
              : t('rateLimitedSeconds', { seconds: retryAfter.seconds })}
        </Alert>
      )}
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <Button type="submit" disabled={isPending}>
        {isPending ? t('submitting') : t('submit')}
      </Button>
      <p className="text-sm text-slate-700">{t('privacy')}</p>
    </form>
  );
}
