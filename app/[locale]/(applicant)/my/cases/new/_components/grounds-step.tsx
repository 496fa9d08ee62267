'use client';

import { useLocale, useTranslations } from 'next-intl';
import { CheckboxGroupField, TextareaField } from '@/components/ui/fields';
import type { Locale } from '@/lib/i18n/locales';
import { groundList } from '@/lib/reference/data';
import { NARRATIVE_MAX, NARRATIVE_MIN, type StepValues } from '@/lib/validation/intake';
import { StepForm } from './step-form';
import { useStepForm } from './use-step-form';

export function GroundsStep({ caseId, defaults }: { caseId: string; defaults: StepValues<'grounds'> }) {
  const t = useTranslations('intake');
  const locale = useLocale() as Locale;
  const state = useStepForm('grounds', caseId, defaults);
  const { form, errorOf } = state;
  const length = (form.watch('narrative') as string | undefined)?.length ?? 0;
  const isShort = length > 0 && length < NARRATIVE_MIN;
  return (
    <StepForm step="grounds" state={state} lead={<p className="text-slate-800">{t('grounds.lead')}</p>}>
      <CheckboxGroupField
        legend={t('grounds.grounds')}
        error={errorOf('grounds')}
        options={groundList.map((g) => ({ value: g.code, label: g.names[locale] }))}
        inputProps={form.register('grounds')}
      />
      <TextareaField
        label={t('grounds.narrative')}
        hint={t('grounds.narrativeHint')}
        rows={12}
        maxLength={NARRATIVE_MAX}
        error={errorOf('narrative')}
        footer={
          <p className={isShort ? 'text-sm font-semibold text-amber-900' : 'text-sm text-slate-700'} aria-live="polite">
            {t('grounds.counter', { count: length })}
          </p>
        }
        {...form.register('narrative')}
      />
      <TextareaField label={t('grounds.requestedRemedy')} hint={t('grounds.requestedRemedyHint')} rows={4} error={errorOf('requestedRemedy')} {...form.register('requestedRemedy')} />
    </StepForm>
  );
}
