'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { CheckboxField, RadioGroupField } from '@/components/ui/fields';
import type { StepValues } from '@/lib/validation/intake';
import { StepButtons } from './step-buttons';
import { useStepForm } from './use-step-form';

export function ConsentsStep({ caseId, defaults }: { caseId: string; defaults: StepValues<'consents'> }) {
  const t = useTranslations('intake.consents');
  const { form, submit, isPending, errorOf, rootError, goTo } = useStepForm('consents', caseId, defaults);
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-5" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <p className="text-slate-800">{t('lead')}</p>
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
      <StepButtons step="consents" isPending={isPending} goTo={goTo} />
    </form>
  );
}
