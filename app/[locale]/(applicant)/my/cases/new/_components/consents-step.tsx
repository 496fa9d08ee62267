'use client';

import { useTranslations } from 'next-intl';
import { CheckboxField, RadioGroupField } from '@/components/ui/fields';
import type { StepValues } from '@/lib/validation/intake';
import { StepForm } from './step-form';
import { useStepForm } from './use-step-form';

export function ConsentsStep({ caseId, defaults }: { caseId: string; defaults: StepValues<'consents'> }) {
  const t = useTranslations('intake.consents');
  const state = useStepForm('consents', caseId, defaults);
  const { form, errorOf } = state;
  return (
    <StepForm step="consents" state={state} lead={<p className="text-slate-800">{t('lead')}</p>}>
      <CheckboxField label={t('share')} hint={t('shareHint')} error={errorOf('consentShareWithProsecutors')} {...form.register('consentShareWithProsecutors')} />
      <RadioGroupField
        legend={t('naming')}
        error={errorOf('publicNaming')}
        options={[
          { value: 'anonymized', label: t('anonymized') },
          { value: 'named', label: t('named') },
        ]}
        inputProps={form.register('publicNaming')}
      />
    </StepForm>
  );
}
