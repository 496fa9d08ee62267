'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { SelectField, TextareaField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import type { Locale } from '@/lib/i18n/locales';
import { caseKindList, regionList } from '@/lib/reference/data';
import { currentSituations, type StepValues } from '@/lib/validation/intake';
import { StepForm } from './step-form';
import { useStepForm } from './use-step-form';

export function CaseStep({ caseId, defaults }: { caseId: string; defaults: StepValues<'case'> }) {
  const t = useTranslations('intake');
  const locale = useLocale() as Locale;
  const state = useStepForm('case', caseId, defaults);
  const { form, errorOf } = state;
  const articles = useFieldArray({ control: form.control, name: 'articles' as never });
  return (
    <StepForm step="case" state={state} lead={<p className="text-slate-800">{t('case.lead')}</p>}>
      <SelectField
        label={t('case.kind')}
        placeholder={t('case.choose')}
        error={errorOf('kind')}
        options={caseKindList.map((k) => ({ value: k.code, label: k.names[locale] }))}
        {...form.register('kind')}
      />
      <SelectField
        label={t('case.region')}
        placeholder={t('case.choose')}
        error={errorOf('regionCode')}
        options={regionList.map((r) => ({ value: r.code, label: r.names[locale] }))}
        {...form.register('regionCode')}
      />
      <TextField label={t('case.courtName')} hint={t('case.courtNameHint')} error={errorOf('courtName')} {...form.register('courtName')} />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField label={t('case.caseNumber')} error={errorOf('caseNumber')} {...form.register('caseNumber')} />
        <TextField label={t('case.judgmentDate')} type="date" error={errorOf('judgmentDate')} {...form.register('judgmentDate')} />
      </div>
      <TextField label={t('case.judgeName')} error={errorOf('judgeName')} {...form.register('judgeName')} />
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 font-semibold text-slate-900">{t('case.articles')}</legend>
        <p className="text-sm text-slate-700">{t('case.articlesHint')}</p>
        {articles.fields.map((field, i) => (
          <div key={field.id} className="flex items-end gap-2">
            <TextField
              className="flex-1"
              label={t('case.article', { number: i + 1 })}
              error={errorOf(`articles.${i}.value` as never)}
              {...form.register(`articles.${i}.value` as never)}
            />
            <Button type="button" variant="secondary" onClick={() => articles.remove(i)} aria-label={t('case.removeArticle', { number: i + 1 })}>
              ×
            </Button>
          </div>
        ))}
        <div>
          <Button type="button" variant="secondary" onClick={() => articles.append({ value: '' } as never)}>
            {t('case.addArticle')}
          </Button>
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 font-semibold text-slate-900">{t('case.sentence')}</legend>
        <div className="grid gap-5 sm:grid-cols-3">
          <TextField label={t('case.sentenceYears')} inputMode="numeric" error={errorOf('sentenceYears')} {...form.register('sentenceYears')} />
          <TextField label={t('case.sentenceMonths')} inputMode="numeric" error={errorOf('sentenceMonths')} {...form.register('sentenceMonths')} />
          <TextField label={t('case.fineKzt')} inputMode="numeric" error={errorOf('fineKzt')} {...form.register('fineKzt')} />
        </div>
        <TextareaField label={t('case.propertyLoss')} rows={3} error={errorOf('propertyLoss')} {...form.register('propertyLoss')} />
      </fieldset>
      <SelectField
        label={t('case.currentSituation')}
        placeholder={t('case.choose')}
        error={errorOf('currentSituation')}
        options={currentSituations.map((s) => ({ value: s, label: t(`situation.${s}`) }))}
        {...form.register('currentSituation')}
      />
    </StepForm>
  );
}
