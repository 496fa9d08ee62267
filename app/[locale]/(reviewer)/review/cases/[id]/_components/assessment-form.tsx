'use client';

import { useTranslations } from 'next-intl';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { RadioGroupField, SelectField, TextareaField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { Link } from '@/lib/i18n/navigation';
import { rubricCriteria, strengthScore, type CriterionKey } from '@/lib/review/rubric';
import { assessmentSchema, COMMENT_MAX, DECISION_TEXT_MAX, scoreValue, type CriterionInput } from '@/lib/validation/review';
import { saveAssessmentAction } from '../../../actions';
import { useReviewForm } from './use-review-form';

export type AssessmentDefaults = Record<CriterionKey, CriterionInput>;

/**
 * The rubric: each criterion scored 0–3 with a comment and, where it rests on a document, the
 * page it rests on. The strength score updates as the reviewer scores; a draft can be saved
 * half-done, submitting needs every criterion.
 */
export function AssessmentForm({
  caseId,
  defaults,
  rationale,
  documents,
  hasDraft,
}: {
  caseId: string;
  defaults: AssessmentDefaults;
  rationale: string;
  documents: { value: string; label: string }[];
  hasDraft: boolean;
}) {
  const t = useTranslations('review');
  const tc = useTranslations('common');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(assessmentSchema, { caseId, intent: 'draft', scores: defaults, rationale }, saveAssessmentAction);
  const scores = form.watch('scores');
  const live = strengthScore(Object.fromEntries(rubricCriteria.map((c) => [c.key, scoreValue(scores?.[c.key]?.score ?? '')])));
  const saved = form.formState.isSubmitSuccessful && !isPending;

  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4" aria-busy={isPending} data-testid="assessment-form">
      {hasDraft && <p className="text-slate-700">{t('draftLoaded')}</p>}
      <p className="sticky top-0 z-10 rounded-md border border-blue-300 bg-blue-50 p-3 text-lg font-bold" aria-live="polite" data-testid="live-score">
        {t('liveScore', { score: live })}
      </p>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      {rubricCriteria.map((c) => {
        const citedDoc = scores?.[c.key]?.documentId;
        const citedPage = scores?.[c.key]?.page || '1';
        return (
          <div key={c.key} className="flex flex-col gap-3 rounded-md border border-slate-300 p-4" data-testid={`criterion-${c.key}`}>
            <h3 className="text-lg font-bold">
              {t(`criteria.${c.key}.name`)} <span className="text-sm font-normal text-slate-700">({t('weight', { weight: c.weight })})</span>
            </h3>
            <p className="text-slate-800">{t(`criteria.${c.key}.help`)}</p>
            <RadioGroupField
              legend={t('scoreLegend', { name: t(`criteria.${c.key}.name`) })}
              options={[0, 1, 2, 3].map((n) => ({ value: String(n), label: t(`scoreLabels.${n}`) }))}
              error={errorOf(`scores.${c.key}.score`)}
              inputProps={form.register(`scores.${c.key}.score`)}
              className="sm:flex-row sm:flex-wrap"
            />
            <TextareaField
              label={t('criterionComment', { name: t(`criteria.${c.key}.name`) })}
              rows={2}
              maxLength={COMMENT_MAX}
              error={errorOf(`scores.${c.key}.comment`)}
              {...form.register(`scores.${c.key}.comment`)}
            />
            {c.evidence && documents.length > 0 && (
              <div className="grid items-end gap-3 sm:grid-cols-[1fr_8rem_auto]">
                <SelectField
                  label={t('citationDocument')}
                  placeholder={t('noCitation')}
                  options={documents}
                  error={errorOf(`scores.${c.key}.documentId`)}
                  {...form.register(`scores.${c.key}.documentId`)}
                />
                <TextField
                  label={t('citationPage')}
                  inputMode="numeric"
                  maxLength={4}
                  error={errorOf(`scores.${c.key}.page`)}
                  {...form.register(`scores.${c.key}.page`)}
                />
                {citedDoc ? (
                  <Link href={`/review/cases/${caseId}?doc=${citedDoc}&page=${encodeURIComponent(citedPage)}#viewer`} className="min-h-11 content-center text-blue-800 underline">
                    {t('openCitation')}
                  </Link>
                ) : (
                  <span />
                )}
              </div>
            )}
          </div>
        );
      })}
      <TextareaField label={t('assessmentRationale')} hint={t('assessmentRationaleHint')} rows={4} maxLength={DECISION_TEXT_MAX} error={errorOf('rationale')} {...form.register('rationale')} />
      <div aria-live="polite">{saved && <Alert tone="success">{t('assessmentSaved')}</Alert>}</div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="secondary" disabled={isPending || !isHydrated} onClick={() => form.setValue('intent', 'draft')}>
          {isPending ? tc('working') : t('saveDraft')}
        </Button>
        <Button type="submit" disabled={isPending || !isHydrated} onClick={() => form.setValue('intent', 'submit')}>
          {t('submitAssessment')}
        </Button>
      </div>
    </form>
  );
}
