'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckboxField, TextareaField } from '@/components/ui/fields';
import type { ActionResult } from '@/lib/actions/result';
import type { Saved } from '@/lib/bundles/bundles';
import { useRouter } from '@/lib/i18n/navigation';
import { bundleSummarySchema, COVER_LETTER_MAX, coverLetterSchema, finalizeBundleSchema, SUMMARY_MAX } from '@/lib/validation/bundles';
import { useBundleVersion } from './bundle-version';
import { addCaseAction, finalizeBundleAction, moveCaseAction, removeCaseAction, updateCoverLetterAction, updateSummaryAction } from '../actions';


/** A one-click action (move, remove, add) that refreshes the page and shows a refusal in place. */
function useQuickAction() {
  const t = useTranslations();
  const router = useRouter();
  const { bundleId, version, setVersion } = useBundleVersion();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: (ref: { bundleId: string; version: number }) => Promise<ActionResult<Saved>>) => {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action({ bundleId, version });
        if (!result.ok) return setError(t((result.formError ?? Object.values(result.fieldErrors ?? {})[0]?.[0] ?? 'errors.UNEXPECTED') as never));
        setVersion(result.data.version);
        router.refresh();
      } catch {
        setError(t('errors.network'));
      }
    });
  };
  return { run, isPending, error };
}

/** Move up, move down and remove, as buttons: reordering works from the keyboard. */
export function CaseControls({ caseId, reference, isFirst, isLast }: { caseId: string; reference: string; isFirst: boolean; isLast: boolean }) {
  const t = useTranslations('bundles');
  const isHydrated = useHydrated();
  const { run, isPending, error } = useQuickAction();
  const disabled = isPending || !isHydrated;
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" disabled={disabled || isFirst} onClick={() => run((ref) => moveCaseAction({ ...ref, caseId, direction: 'up' }))} aria-label={t('moveUp', { reference })}>
          ↑
        </Button>
        <Button type="button" variant="secondary" disabled={disabled || isLast} onClick={() => run((ref) => moveCaseAction({ ...ref, caseId, direction: 'down' }))} aria-label={t('moveDown', { reference })}>
          ↓
        </Button>
        <Button type="button" variant="secondary" disabled={disabled} onClick={() => run((ref) => removeCaseAction({ ...ref, caseId }))}>
          {t('remove', { reference })}
        </Button>
      </div>
    </div>
  );
}

export function AddCaseButton({ caseId, reference }: { caseId: string; reference: string }) {
  const t = useTranslations('bundles');
  const isHydrated = useHydrated();
  const { run, isPending, error } = useQuickAction();
  return (
    <div className="flex flex-col gap-1">
      <Button type="button" variant="secondary" disabled={isPending || !isHydrated} onClick={() => run((ref) => addCaseAction({ ...ref, caseId }))}>
        {t('add', { reference })}
      </Button>
      {error && <p className="text-sm font-semibold text-red-800" role="alert">{error}</p>}
    </div>
  );
}

/** A save that carries the page's current bundle version and takes the next one back. */
function useVersionedSave<I extends { version?: unknown }>(action: (input: I) => Promise<ActionResult<Saved>>) {
  const router = useRouter();
  const { version, setVersion } = useBundleVersion();
  const save = (input: I) => action({ ...input, version } as I);
  const onSaved = (saved: Saved) => {
    setVersion(saved.version);
    router.refresh();
  };
  return { save, onSaved };
}

export function SummaryForm({ caseId, reference, summary }: { caseId: string; reference: string; summary: string }) {
  const t = useTranslations('bundles');
  const isHydrated = useHydrated();
  const { bundleId, version } = useBundleVersion();
  const { save, onSaved } = useVersionedSave(updateSummaryAction);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(bundleSummarySchema, { bundleId, version, caseId, summary }, save, onSaved);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextareaField label={t('summaryLabel', { reference })} rows={6} maxLength={SUMMARY_MAX} error={errorOf('summary')} {...form.register('summary')} />
      <div>
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated}>
          {t('saveSummary')}
        </Button>
      </div>
    </form>
  );
}

export function CoverLetterForm({ coverLetter, template }: { coverLetter: string; template: string }) {
  const t = useTranslations('bundles');
  const isHydrated = useHydrated();
  const { bundleId, version } = useBundleVersion();
  const { save, onSaved } = useVersionedSave(updateCoverLetterAction);
  const { form, submit, isPending, errorOf, rootError } = useServerForm(coverLetterSchema, { bundleId, version, coverLetter }, save, onSaved);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextareaField label={t('coverLetterLabel')} hint={t('coverLetterHint')} rows={16} maxLength={COVER_LETTER_MAX} error={errorOf('coverLetter')} {...form.register('coverLetter')} />
      <div className="flex flex-wrap gap-3">
        <Button type="button" variant="secondary" disabled={!isHydrated} onClick={() => form.setValue('coverLetter', template, { shouldDirty: true })}>
          {t('fromTemplate')}
        </Button>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('saveCoverLetter')}
        </Button>
      </div>
    </form>
  );
}

export function FinalizeForm() {
  const t = useTranslations('bundles');
  const router = useRouter();
  const isHydrated = useHydrated();
  const { bundleId, version, setVersion } = useBundleVersion();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    finalizeBundleSchema,
    { bundleId, version, isConfirmed: false as unknown as true },
    (input) => finalizeBundleAction({ ...input, version }),
    (saved) => {
      // The submission form below edits from the finalized version.
      setVersion(saved.version);
      router.refresh();
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      <p>{t('finalizeHint')}</p>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <CheckboxField label={t('finalizeConfirm')} error={errorOf('isConfirmed')} {...form.register('isConfirmed')} />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('finalizeSubmit')}
        </Button>
      </div>
    </form>
  );
}
