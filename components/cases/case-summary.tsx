import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { Case } from '@/db/schema/cases';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { caseKindName, documentKindName, groundName, regionName } from '@/lib/reference/names';
import type { IntakeStep } from '@/lib/validation/intake';

type SummaryDocument = { id: string; kind: string; originalName: string; sizeBytes: number };

/**
 * Everything the applicant entered, grouped by wizard step. With `editHref`, each group links
 * back to its step (the review page); without, it is a read-only record (the case page).
 */
export async function CaseSummary({ row, documents, editHref }: { row: Case; documents: SummaryDocument[]; editHref?: (step: IntakeStep) => string }) {
  const t = await getTranslations('intake');
  const locale = (await getLocale()) as Locale;
  const format = await getFormatter();
  const none = t('review.notProvided');
  const date = (v: string | null) => (v ? format.dateTime(new Date(`${v}T00:00:00`), { dateStyle: 'long' }) : none);
  const months = row.sentenceMonths;
  const sentence = [
    months ? `${Math.floor(months / 12)} / ${months % 12}` : null,
    row.fineKzt ? `${format.number(row.fineKzt)} ₸` : null,
    row.propertyLoss,
  ].filter(Boolean);

  const group = (step: IntakeStep, items: [string, ReactNode][]) => (
    <div key={step} className="rounded-md border border-slate-300 p-4">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-lg font-bold text-slate-950">
          {t(`stepNames.${step}`)}
        </h3>
        {editHref && (
          <Link href={editHref(step)} className="min-h-11 content-center font-semibold text-blue-800 underline">
            {t('review.edit', { step: t(`stepNames.${step}`) })}
          </Link>
        )}
      </div>
      <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[minmax(10rem,auto)_1fr]">
        {items.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold text-slate-900">{label}</dt>
            <dd className="break-words whitespace-pre-wrap text-slate-800">{value || none}</dd>
          </div>
        ))}
      </dl>
    </div>
  );

  return (
    <div className="flex flex-col gap-4" data-testid="case-summary">
      {group('who', [
        [t('who.filingFor'), row.filingFor === 'other' ? t('who.other') : t('who.self')],
        ...(row.filingFor === 'other' ? ([[t('who.relationship'), row.relationship]] as [string, ReactNode][]) : []),
        [t('who.convictedPersonName'), row.convictedPersonName],
        [t('who.contactPhone'), row.contactPhone],
      ])}
      {group('case', [
        [t('case.kind'), caseKindName(row.kind, locale)],
        [t('case.region'), regionName(row.regionCode, locale)],
        [t('case.courtName'), row.courtName],
        [t('case.caseNumber'), row.caseNumber],
        [t('case.judgmentDate'), date(row.judgmentDate)],
        [t('case.judgeName'), row.judgeName],
        [t('case.articles'), row.articles.join('; ')],
        [t('case.sentence'), sentence.join('; ')],
        [t('case.currentSituation'), row.currentSituation ? t(`situation.${row.currentSituation}`) : null],
      ])}
      {group('appeals', [
        [t('appeals.appellateCourt'), row.appellateCourt],
        [t('appeals.appellateDate'), date(row.appellateDate)],
        [t('appeals.appellateOutcome'), row.appellateOutcome ? t(`outcome.${row.appellateOutcome}`) : null],
        [t('appeals.cassationFiled'), row.cassationFiled === null ? null : row.cassationFiled ? t('appeals.yes') : t('appeals.no')],
        ...(row.cassationFiled
          ? ([
              [t('appeals.cassationDate'), date(row.cassationDate)],
              [t('appeals.cassationOutcome'), row.cassationOutcome ? t(`outcome.${row.cassationOutcome}`) : null],
            ] as [string, ReactNode][])
          : []),
        [t('appeals.prosecutor'), row.prosecutorRequests.map((r) => `${r.date}: ${r.answer}`).join('\n')],
      ])}
      {group('grounds', [
        [t('grounds.grounds'), row.grounds.map((g) => groundName(g, locale)).join('; ')],
        [t('grounds.narrative'), row.narrative],
        [t('grounds.requestedRemedy'), row.requestedRemedy],
      ])}
      {group('documents', [
        [t('review.documentsCount', { count: documents.length }), documents.map((d) => `${documentKindName(d.kind, locale)}: ${d.originalName}`).join('\n')],
      ])}
      {group('consents', [
        [t('consents.share'), row.consentShareWithProsecutors ? t('appeals.yes') : t('appeals.no')],
        [t('consents.naming'), row.publicNaming === 'named' ? t('consents.named') : t('consents.anonymized')],
      ])}
    </div>
  );
}
