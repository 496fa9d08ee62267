'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { RadioGroupField, SelectField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { localeNames, locales } from '@/lib/i18n/locales';
import type { StepValues } from '@/lib/validation/intake';
import { StepForm } from './step-form';
import { useStepForm } from './use-step-form';

export function WhoStep({ caseId, defaults }: { caseId: string; defaults: StepValues<'who'> }) {
  const t = useTranslations('intake.who');
  const state = useStepForm('who', caseId, defaults);
  const { form, errorOf } = state;
  const isOther = form.watch('filingFor') === 'other';
  return (
    <StepForm step="who" state={state} lead={<p className="text-slate-800">{t('lead')}</p>}>
      <RadioGroupField
        legend={t('filingFor')}
        error={errorOf('filingFor')}
        options={[
          { value: 'self', label: t('self') },
          { value: 'other', label: t('other') },
        ]}
        inputProps={form.register('filingFor')}
      />
      {isOther && (
        <>
          <TextField label={t('relationship')} hint={t('relationshipHint')} error={errorOf('relationship')} {...form.register('relationship')} />
          <Alert tone="info">{t('consentNote')}</Alert>
        </>
      )}
      <TextField
        label={t('convictedPersonName')}
        hint={isOther ? undefined : t('convictedPersonNameSelfHint')}
        autoComplete={isOther ? 'off' : 'name'}
        error={errorOf('convictedPersonName')}
        {...form.register('convictedPersonName')}
      />
      <TextField label={t('contactPhone')} type="tel" autoComplete="tel" inputMode="tel" error={errorOf('contactPhone')} {...form.register('contactPhone')} />
      <SelectField
        label={t('contactLocale')}
        error={errorOf('contactLocale')}
        options={locales.map((l) => ({ value: l, label: localeNames[l] }))}
        {...form.register('contactLocale')}
      />
    </StepForm>
  );
}
