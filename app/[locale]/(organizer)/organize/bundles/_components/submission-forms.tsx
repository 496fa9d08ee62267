'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { RadioGroupField, TextareaField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { useRouter } from '@/lib/i18n/navigation';
import { OUTCOME_NOTE_MAX, protestOutcomes, recordAnswerSchema, REGISTRY_NUMBER_MAX, submitBundleSchema } from '@/lib/validation/bundles';
import { recordAnswerAction, submitBundleAction } from '../actions';
import { useBundleVersion } from './bundle-version';

type Uploaded = { id: string; originalName: string; sizeBytes: number };

/**
 * A file field that uploads at once (streamed to the server, like case documents) and hands the
 * stored file's id to the form: a validation error on the other fields never loses the upload.
 */
function AttachmentField({ purpose, label, error, onUploaded }: { purpose: 'stamped_cover' | 'answer'; label: string; error?: string; onUploaded: (id: string) => void }) {
  const t = useTranslations();
  const format = useFormatter();
  const { bundleId } = useBundleVersion();
  const isHydrated = useHydrated();
  const id = useId();
  const [state, setState] = useState<{ busy: boolean; uploaded?: Uploaded; failure?: string }>({ busy: false });
  const upload = async (file: File) => {
    setState((s) => ({ ...s, busy: true, failure: undefined }));
    const body = new FormData();
    body.append('file', file);
    try {
      const response = await fetch(`/api/bundles/${bundleId}/attachments?purpose=${purpose}`, { method: 'POST', body });
      const result = (await response.json()) as { ok: boolean; attachment?: Uploaded; error?: string; values?: Record<string, number> };
      if (!result.ok || !result.attachment) return setState((s) => ({ ...s, busy: false, failure: t((result.error ?? 'documents.uploadFailed') as never, { minutes: 60, ...result.values } as never) }));
      onUploaded(result.attachment.id);
      setState({ busy: false, uploaded: result.attachment });
    } catch {
      setState((s) => ({ ...s, busy: false, failure: t('errors.network') }));
    }
  };
  const shown = state.failure ?? error;
  const errorId = shown ? `${id}-error` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-semibold text-slate-900">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-700">
        {t('bundles.submission.fileHint')}
      </p>
      <input
        id={id}
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        disabled={!isHydrated || state.busy}
        aria-invalid={shown ? true : undefined}
        aria-describedby={[errorId, `${id}-hint`].filter(Boolean).join(' ')}
        className="min-h-11 rounded-md border border-slate-500 bg-white px-3 py-2"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void upload(file);
        }}
      />
      <p role="status" className="text-sm">
        {state.busy
          ? t('bundles.submission.uploading')
          : state.uploaded
            ? t('bundles.submission.uploaded', { name: state.uploaded.originalName, size: `${format.number(Math.ceil(state.uploaded.sizeBytes / 1024))} KB` })
            : ''}
      </p>
      {shown && (
        <p id={errorId} className="text-sm font-semibold text-red-800">
          {shown}
        </p>
      )}
    </div>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

/** Marks the finalized bundle as handed in to the prosecutor's office. */
export function SubmitBundleForm() {
  const t = useTranslations('bundles.submission');
  const router = useRouter();
  const isHydrated = useHydrated();
  const { bundleId, version, setVersion } = useBundleVersion();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    submitBundleSchema,
    { bundleId, version, submittedOn: today(), registryNumber: '', stampedCoverId: '' },
    (input) => submitBundleAction({ ...input, version }),
    (saved) => {
      setVersion(saved.version);
      router.refresh();
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-4" aria-busy={isPending} data-testid="submit-form">
      <p>{t('submitLead')}</p>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextField label={t('submittedOn')} type="date" max={today()} error={errorOf('submittedOn')} {...form.register('submittedOn')} />
      <TextField label={t('registryNumber')} maxLength={REGISTRY_NUMBER_MAX} autoComplete="off" error={errorOf('registryNumber')} {...form.register('registryNumber')} />
      <input type="hidden" {...form.register('stampedCoverId')} />
      <AttachmentField
        purpose="stamped_cover"
        label={t('stampedCover')}
        error={errorOf('stampedCoverId')}
        onUploaded={(id) => form.setValue('stampedCoverId', id, { shouldValidate: form.formState.isSubmitted })}
      />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('submit')}
        </Button>
      </div>
    </form>
  );
}

/** Records the prosecutor's reply and, per filed case, whether a protest was brought. */
export function RecordAnswerForm({ cases }: { cases: { caseId: string; reference: string }[] }) {
  const t = useTranslations('bundles');
  const router = useRouter();
  const isHydrated = useHydrated();
  const { bundleId, version, setVersion } = useBundleVersion();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    recordAnswerSchema,
    { bundleId, version, answeredOn: today(), answerId: '', outcomes: cases.map((c) => ({ caseId: c.caseId, outcome: undefined as never, note: '' })) },
    (input) => recordAnswerAction({ ...input, version }),
    (saved) => {
      setVersion(saved.version);
      router.refresh();
    },
  );
  const outcomeOptions = protestOutcomes.map((o) => ({ value: o, label: t(`outcomes.${o}`) }));
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-4" aria-busy={isPending} data-testid="answer-form">
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextField label={t('submission.answeredOn')} type="date" max={today()} error={errorOf('answeredOn')} {...form.register('answeredOn')} />
      <input type="hidden" {...form.register('answerId')} />
      <AttachmentField purpose="answer" label={t('submission.reply')} error={errorOf('answerId')} onUploaded={(id) => form.setValue('answerId', id, { shouldValidate: form.formState.isSubmitted })} />
      {errorOf('outcomes') && <Alert tone="error">{errorOf('outcomes')}</Alert>}
      {cases.map((c, i) => (
        <div key={c.caseId} className="flex flex-col gap-3 rounded-md border border-slate-300 p-4" data-testid="outcome">
          <input type="hidden" {...form.register(`outcomes.${i}.caseId`)} />
          <RadioGroupField legend={t('submission.outcomeOf', { reference: c.reference })} options={outcomeOptions} error={errorOf(`outcomes.${i}.outcome`)} inputProps={form.register(`outcomes.${i}.outcome`)} />
          <TextareaField label={t('submission.noteOf', { reference: c.reference })} hint={t('submission.noteHint')} rows={3} maxLength={OUTCOME_NOTE_MAX} error={errorOf(`outcomes.${i}.note`)} {...form.register(`outcomes.${i}.note`)} />
        </div>
      ))}
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('submission.record')}
        </Button>
      </div>
    </form>
  );
}
