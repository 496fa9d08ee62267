'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckboxField, CheckboxGroupField, SelectField, TextareaField } from '@/components/ui/fields';
import {
  COMMENT_MAX,
  confirmSchema,
  DECISION_TEXT_MAX,
  declineReasons,
  declineSchema,
  recommendSchema,
  requestableItems,
  requestInfoSchema,
  returnRecommendationSchema,
} from '@/lib/validation/review';
import { confirmAction, declineAction, recommendAction, requestInfoAction, returnRecommendationAction } from '../../../actions';
import { useReviewForm } from './use-review-form';

type Props = { caseId: string; version: number };

/** One decision, folded until the reviewer opens it. */
function Decision({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <details className="rounded-md border border-slate-300 p-3" data-testid={`decision-${id}`}>
      <summary className="min-h-11 cursor-pointer content-center font-semibold text-blue-900">{title}</summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

function RequestInfoForm({ caseId, version }: Props) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(requestInfoSchema, { caseId, version, items: [], message: '' }, requestInfoAction);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <CheckboxGroupField
        legend={t('requestItemsLegend')}
        options={requestableItems.map((item) => ({ value: item, label: t(`requestItems.${item}`) }))}
        error={errorOf('items')}
        inputProps={form.register('items')}
      />
      <TextareaField label={t('requestMessage')} hint={t('requestMessageHint')} rows={4} maxLength={DECISION_TEXT_MAX} error={errorOf('message')} {...form.register('message')} />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('requestSubmit')}
        </Button>
      </div>
    </form>
  );
}

function RecommendForm({ caseId, version, hasMyAssessment }: Props & { hasMyAssessment: boolean }) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(recommendSchema, { caseId, version, rationale: '' }, recommendAction);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      {!hasMyAssessment && <Alert>{t('assessmentRequired')}</Alert>}
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextareaField label={t('recommendRationale')} hint={t('recommendHint')} rows={4} maxLength={DECISION_TEXT_MAX} error={errorOf('rationale')} {...form.register('rationale')} />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('recommendSubmit')}
        </Button>
      </div>
    </form>
  );
}

function DeclineForm({ caseId, version }: Props) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(declineSchema, { caseId, version, reason: '' as never, message: '' }, declineAction);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <SelectField
        label={t('declineReason')}
        placeholder={t('choose')}
        options={declineReasons.map((r) => ({ value: r, label: t(`declineReasons.${r}.label`) }))}
        error={errorOf('reason')}
        {...form.register('reason')}
      />
      <TextareaField label={t('declineMessage')} hint={t('declineMessageHint')} rows={4} maxLength={DECISION_TEXT_MAX} error={errorOf('message')} {...form.register('message')} />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {t('declineSubmit')}
        </Button>
      </div>
    </form>
  );
}

/** The holder's decisions on a case in review. */
export function DecisionPanel({ caseId, version, hasMyAssessment, isWaiting }: Props & { hasMyAssessment: boolean; isWaiting: boolean }) {
  const t = useTranslations('review');
  return (
    <div className="flex flex-col gap-3">
      {/* While waiting for the applicant, the only decision left is to decline (no answer came). */}
      {isWaiting ? (
        <p>{t('waitingForApplicant')}</p>
      ) : (
        <>
          <Decision id="request-info" title={t('requestInfo')}>
            <RequestInfoForm caseId={caseId} version={version} />
          </Decision>
          <Decision id="recommend" title={t('recommend')}>
            <RecommendForm caseId={caseId} version={version} hasMyAssessment={hasMyAssessment} />
          </Decision>
        </>
      )}
      <Decision id="decline" title={t('decline')}>
        <DeclineForm caseId={caseId} version={version} />
      </Decision>
    </div>
  );
}

/** The second reviewer confirms the recommendation or sends it back with a reason. */
export function ConfirmPanel({ caseId, version }: Props) {
  const t = useTranslations('review');
  const isHydrated = useHydrated();
  const confirm = useReviewForm(confirmSchema, { caseId, version, hasNoConflict: false as unknown as true, comment: '' }, confirmAction);
  const back = useReviewForm(returnRecommendationSchema, { caseId, version, reason: '' }, returnRecommendationAction);
  return (
    <div className="flex flex-col gap-3">
      <Decision id="confirm" title={t('confirm')}>
        <form method="post" onSubmit={confirm.submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={confirm.isPending}>
          {confirm.rootError && <Alert tone="error">{confirm.rootError}</Alert>}
          <p>{t('confirmHint')}</p>
          <CheckboxField label={t('noConflict')} hint={t('noConflictHint')} error={confirm.errorOf('hasNoConflict')} {...confirm.form.register('hasNoConflict')} />
          <TextareaField label={t('confirmComment')} rows={3} maxLength={COMMENT_MAX} error={confirm.errorOf('comment')} {...confirm.form.register('comment')} />
          <div>
            <Button type="submit" disabled={confirm.isPending || !isHydrated}>
              {t('confirmSubmit')}
            </Button>
          </div>
        </form>
      </Decision>
      <Decision id="return" title={t('returnTitle')}>
        <form method="post" onSubmit={back.submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={back.isPending}>
          {back.rootError && <Alert tone="error">{back.rootError}</Alert>}
          <TextareaField label={t('returnReason')} rows={3} maxLength={DECISION_TEXT_MAX} error={back.errorOf('reason')} {...back.form.register('reason')} />
          <div>
            <Button type="submit" variant="secondary" disabled={back.isPending || !isHydrated}>
              {t('returnSubmit')}
            </Button>
          </div>
        </form>
      </Decision>
    </div>
  );
}
