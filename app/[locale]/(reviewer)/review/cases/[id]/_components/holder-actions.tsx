'use client';

import { useTranslations } from 'next-intl';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/fields';
import { assignCaseSchema, caseVersionSchema, declareNoConflictSchema } from '@/lib/validation/review';
import { assignCaseAction, declareNoConflictAction, releaseCaseAction } from '../../../actions';
import { ConflictDeclarationFields } from './conflict-declaration';
import { useReviewForm } from './use-review-form';

/** The holder hands the case back to the queue. */
export function ReleaseButton({ caseId, version }: { caseId: string; version: number }) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { submit, isPending, rootError } = useReviewForm(caseVersionSchema, { caseId, version }, releaseCaseAction);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <div>
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated}>
          {t('release')}
        </Button>
      </div>
    </form>
  );
}

/** Organizers and admins assign or reassign the case to a reviewer. */
export function AssignForm({ caseId, version, reviewers, current }: { caseId: string; version: number; reviewers: { id: string; name: string }[]; current: string | null }) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(assignCaseSchema, { caseId, version, reviewerId: current ?? '' }, assignCaseAction);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <SelectField
        label={t('assignTo')}
        placeholder={t('choose')}
        options={reviewers.map((r) => ({ value: r.id, label: r.name }))}
        error={errorOf('reviewerId')}
        {...form.register('reviewerId')}
      />
      <div>
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated}>
          {t('assign')}
        </Button>
      </div>
    </form>
  );
}

/** A reviewer assigned by an organizer declares they have no conflict of interest. */
export function DeclareForm({ caseId }: { caseId: string }) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(
    declareNoConflictSchema,
    { caseId, hasNoConflict: false as unknown as true, conflictComment: '' },
    declareNoConflictAction,
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-labelledby="declare-title" aria-busy={isPending}>
      <h3 id="declare-title" className="text-lg font-bold">
        {t('declareTitle')}
      </h3>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <ConflictDeclarationFields register={form.register as never} errorOf={errorOf} />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('declare')}
        </Button>
      </div>
    </form>
  );
}
