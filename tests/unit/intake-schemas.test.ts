import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { fromZodError } from '@/lib/actions/result';
import { catalogs } from '@/lib/i18n/catalogs';
import { locales } from '@/lib/i18n/locales';
import { appealsStepSchema, caseStepSchema, consentsStepSchema, groundsStepSchema, whoStepSchema } from '@/lib/validation/intake';

function fieldErrors(result: { success: boolean; error?: unknown }) {
  expect(result.success).toBe(false);
  const mapped = fromZodError(result.error as never);
  return mapped.ok ? {} : mapped.fieldErrors!;
}

const who = { filingFor: 'other', relationship: 'жена', convictedPersonName: 'Серик Ахметов', contactPhone: '+7 701 555 12 34', contactLocale: 'ru' };
const theCase = {
  kind: 'criminal',
  regionCode: 'pavlodar',
  courtName: 'Павлодарский городской суд',
  caseNumber: '5510-21-00-1/233',
  judgmentDate: '2021-06-14',
  judgeName: 'Иванов И.И.',
  articles: [{ value: '190 ч.4 УК РК' }],
  sentenceYears: '7',
  sentenceMonths: '6',
  fineKzt: '',
  propertyLoss: '',
  currentSituation: 'in_custody',
};
const appeals = {
  appellateCourt: 'Павлодарский областной суд',
  appellateDate: '2021-10-01',
  appellateOutcome: 'upheld',
  cassationFiled: 'yes',
  cassationDate: '2022-03-15',
  cassationOutcome: 'upheld',
  prosecutorRequests: [{ date: '2023-01-10', answer: 'Оснований для протеста нет' }],
};

describe('intake step schemas', () => {
  it('accept complete steps and empty drafts alike', () => {
    expect(whoStepSchema.safeParse(who).success).toBe(true);
    expect(caseStepSchema.safeParse(theCase).success).toBe(true);
    expect(appealsStepSchema.safeParse(appeals).success).toBe(true);
    expect(groundsStepSchema.safeParse({ grounds: ['coercion_torture'], narrative: 'x'.repeat(300), requestedRemedy: 'Пересмотр' }).success).toBe(true);
    expect(consentsStepSchema.safeParse({ consentShareWithProsecutors: true, publicNaming: 'anonymized' }).success).toBe(true);
    // Saved incomplete: every text may be empty.
    const emptyCase = Object.fromEntries(Object.entries(theCase).map(([k, v]) => [k, Array.isArray(v) ? [] : '']));
    expect(caseStepSchema.safeParse(emptyCase).success).toBe(true);
    expect(groundsStepSchema.safeParse({ grounds: [], narrative: '', requestedRemedy: '' }).success).toBe(true);
  });

  it('name the field and reason for malformed input', () => {
    expect(fieldErrors(whoStepSchema.safeParse({ ...who, contactPhone: 'call me' }))).toEqual({ contactPhone: ['validation.phoneInvalid'] });
    expect(fieldErrors(caseStepSchema.safeParse({ ...theCase, judgmentDate: '2099-01-01' }))).toEqual({ judgmentDate: ['validation.dateInFuture'] });
    expect(fieldErrors(caseStepSchema.safeParse({ ...theCase, judgmentDate: '14.06.2021' }))).toMatchObject({ judgmentDate: ['validation.dateInvalid'] });
    expect(fieldErrors(caseStepSchema.safeParse({ ...theCase, sentenceYears: 'семь' }))).toEqual({ sentenceYears: ['validation.wholeNumber'] });
    expect(fieldErrors(caseStepSchema.safeParse({ ...theCase, sentenceMonths: '14' }))).toEqual({ sentenceMonths: ['validation.numberTooLarge'] });
    expect(fieldErrors(caseStepSchema.safeParse({ ...theCase, regionCode: 'moscow' }))).toEqual({ regionCode: ['validation.invalid'] });
    expect(fieldErrors(caseStepSchema.safeParse({ ...theCase, articles: [{ value: 'x'.repeat(101) }] }))).toEqual({ 'articles.0.value': ['validation.tooLong'] });
    expect(fieldErrors(appealsStepSchema.safeParse({ ...appeals, prosecutorRequests: [{ date: 'вчера', answer: '' }] }))).toMatchObject({
      'prosecutorRequests.0.date': ['validation.dateInvalid'],
    });
    expect(fieldErrors(groundsStepSchema.safeParse({ grounds: ['witchcraft'], narrative: '', requestedRemedy: '' }))).toEqual({ 'grounds.0': ['validation.invalid'] });
    expect(fieldErrors(groundsStepSchema.safeParse({ grounds: [], narrative: 'x'.repeat(20_001), requestedRemedy: '' }))).toEqual({ narrative: ['validation.narrativeTooLong'] });
  });

  it('has every message in every language', () => {
    const keys = ['validation.phoneInvalid', 'validation.dateInFuture', 'validation.dateInvalid', 'validation.wholeNumber', 'validation.numberTooLarge', 'validation.tooLong', 'validation.narrativeTooLong', 'validation.tooMany'];
    for (const locale of locales) {
      const t = createTranslator({ locale, messages: catalogs[locale] });
      for (const key of keys) expect(t(key as never), `${locale}: ${key}`).not.toBe(key);
    }
  });
});
