'use client';

import { useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { RadioGroupField, SelectField, TextareaField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { appealOutcomes, type StepValues } from '@/lib/validation/intake';
import { StepForm } from './step-form';
import { useStepForm } from './use-step-form';

export function AppealsStep({ caseId, defaults }: { caseId: string; defaults: StepValues<'appeals'> }) {
  const t = useTranslations('intake');
  const state = useStepForm('appeals', caseId, defaults);
  const { form, errorOf } = state;
  const requests = useFieldArray({ control: form.control, name: 'prosecutorRequests' as never });
  const hasCassation = form.watch('cassationFiled') === 'yes';
  const outcomes = appealOutcomes.map((o) => ({ value: o, label: t(`outcome.${o}`) }));
  return (
    <StepForm step="appeals" state={state} lead={<Alert tone="info">{t('appeals.lead')}</Alert>}>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-1 text-lg font-bold text-slate-950">{t('appeals.appellate')}</legend>
        <TextField label={t('appeals.appellateCourt')} error={errorOf('appellateCourt')} {...form.register('appellateCourt')} />
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField label={t('appeals.appellateDate')} type="date" error={errorOf('appellateDate')} {...form.register('appellateDate')} />
          <SelectField label={t('appeals.appellateOutcome')} placeholder={t('case.choose')} options={outcomes} error={errorOf('appellateOutcome')} {...form.register('appellateOutcome')} />
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-1 text-lg font-bold text-slate-950">{t('appeals.cassation')}</legend>
        <RadioGroupField
          legend={t('appeals.cassationFiled')}
          error={errorOf('cassationFiled')}
          options={[
            { value: 'yes', label: t('appeals.yes') },
            { value: 'no', label: t('appeals.no') },
          ]}
          inputProps={form.register('cassationFiled')}
        />
        {hasCassation && (
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField label={t('appeals.cassationDate')} type="date" error={errorOf('cassationDate')} {...form.register('cassationDate')} />
            <SelectField label={t('appeals.cassationOutcome')} placeholder={t('case.choose')} options={outcomes} error={errorOf('cassationOutcome')} {...form.register('cassationOutcome')} />
          </div>
        )}
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-1 text-lg font-bold text-slate-950">{t('appeals.prosecutor')}</legend>
        <p className="text-sm text-slate-700">{t('appeals.prosecutorHint')}</p>
        {requests.fields.map((field, i) => (
          <div key={field.id} className="flex flex-col gap-3 rounded-md border border-slate-300 p-3">
            <TextField label={t('appeals.requestDate', { number: i + 1 })} type="date" error={errorOf(`prosecutorRequests.${i}.date` as never)} {...form.register(`prosecutorRequests.${i}.date` as never)} />
            <TextareaField label={t('appeals.requestAnswer', { number: i + 1 })} rows={3} error={errorOf(`prosecutorRequests.${i}.answer` as never)} {...form.register(`prosecutorRequests.${i}.answer` as never)} />
            <div>
              <Button type="button" variant="secondary" onClick={() => requests.remove(i)}>
                {t('appeals.removeRequest', { number: i + 1 })}
              </Button>
            </div>
          </div>
        ))}
        <div>
          <Button type="button" variant="secondary" onClick={() => requests.append({ date: '', answer: '' } as never)}>
            {t('appeals.addRequest')}
          </Button>
        </div>
      </fieldset>
    </StepForm>
  );
}
