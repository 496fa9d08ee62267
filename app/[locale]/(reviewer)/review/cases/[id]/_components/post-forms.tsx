'use client';

import { useTranslations } from 'next-intl';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextareaField } from '@/components/ui/fields';
import { DECISION_TEXT_MAX, NOTE_MAX, noteSchema, staffMessageSchema } from '@/lib/validation/review';
import { addNoteAction, postStaffMessageAction } from '../../../actions';
import { useReviewForm } from './use-review-form';

/** An internal note, never shown to the applicant. */
export function NoteForm({ caseId }: { caseId: string }) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(noteSchema, { caseId, body: '' }, addNoteAction, { resetOnSuccess: true });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextareaField label={t('noteLabel')} rows={3} maxLength={NOTE_MAX} error={errorOf('body')} {...form.register('body')} />
      <div>
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated}>
          {t('addNote')}
        </Button>
      </div>
    </form>
  );
}

/** A message to the applicant in the case's thread; they are told by e-mail. */
export function StaffMessageForm({ caseId }: { caseId: string }) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(staffMessageSchema, { caseId, body: '' }, postStaffMessageAction, { resetOnSuccess: true });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextareaField label={t('messageLabel')} hint={t('messageHint')} rows={3} maxLength={DECISION_TEXT_MAX} error={errorOf('body')} {...form.register('body')} />
      <div>
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated}>
          {t('sendMessage')}
        </Button>
      </div>
    </form>
  );
}
