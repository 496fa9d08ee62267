import crypto from 'node:crypto';
import { getLocale, getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { DocumentUploader } from '@/components/cases/document-uploader';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageAccess } from '@/lib/auth/session';
import { missingForSubmission, stepValuesOf } from '@/lib/cases/intake';
import { findMyLatestDraft, loadMyCase } from '@/lib/cases/queries';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';
import { intakeSteps, type IntakeStep } from '@/lib/validation/intake';
import { AppealsStep } from './_components/appeals-step';
import { CaseStep } from './_components/case-step';
import { ConsentsStep } from './_components/consents-step';
import { GroundsStep } from './_components/grounds-step';
import { CaseSummary } from '@/components/cases/case-summary';
import { SubmitCase } from './_components/submit-case';
import { WhoStep } from './_components/who-step';

export async function generateMetadata() {
  const t = await getTranslations('intake');
  return { title: t('title') };
}

type Search = { case?: string; step?: string };

/**
 * The intake wizard. The draft's id is in the URL, so the applicant resumes the same draft at
 * the same step from any device; without one, the latest draft is resumed or a new id is made.
 */
export default async function NewCasePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageAccess('case.file', '/my/cases/new');
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations('intake');
  const params = await searchParams;
  if (!params.case) {
    const draft = await findMyLatestDraft(user);
    if (draft) redirect(`/${locale}/my/cases/new?case=${draft.id}&step=${intakeSteps[Math.min(draft.intakeStep, intakeSteps.length - 1)]}`);
    redirect(`/${locale}/my/cases/new?case=${crypto.randomUUID()}&step=who`);
  }
  const caseId = params.case;
  const loaded = await orNotFound(loadMyCase(user, caseId));
  if (loaded && loaded.row.status !== 'draft') redirect(`/${locale}/my/cases/${caseId}`);
  const requested = intakeSteps.find((s) => s === params.step) ?? 'who';
  // Before the first save only the first step exists.
  const step: IntakeStep = loaded ? requested : 'who';
  const reached = loaded ? loaded.row.intakeStep : 0;
  const index = intakeSteps.indexOf(step);
  const values = stepValuesOf(loaded?.row ?? null, locale);
  const missing = loaded ? missingForSubmission(loaded.row, loaded.documents.map((d) => d.kind)) : [];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} lead={t('draftNote')} />
      <nav aria-label={t('steps')}>
        <ol className="flex flex-wrap gap-2">
          {intakeSteps.map((s, i) => {
            const isCurrent = s === step;
            const label = `${i + 1}. ${t(`stepNames.${s}`)}`;
            return (
              <li key={s}>
                {isCurrent || i > reached ? (
                  <span
                    aria-current={isCurrent ? 'step' : undefined}
                    className={isCurrent ? 'inline-flex min-h-11 items-center rounded-md bg-slate-900 px-3 text-sm font-semibold text-white' : 'inline-flex min-h-11 items-center px-3 text-sm text-slate-700'}
                  >
                    {label}
                  </span>
                ) : (
                  <Link href={`/my/cases/new?case=${caseId}&step=${s}`} className="inline-flex min-h-11 items-center rounded-md px-3 text-sm text-blue-800 underline">
                    {label}
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      <section aria-labelledby="step-title" className="flex flex-col gap-4">
        <h2 id="step-title" className="text-xl font-bold text-slate-950">
          {t('stepOf', { current: index + 1, total: intakeSteps.length })}: {t(`stepNames.${step}`)}
        </h2>
        {step === 'who' && <WhoStep caseId={caseId} defaults={values.who} />}
        {step === 'case' && <CaseStep caseId={caseId} defaults={values.case} />}
        {step === 'appeals' && <AppealsStep caseId={caseId} defaults={values.appeals} />}
        {step === 'grounds' && <GroundsStep caseId={caseId} defaults={values.grounds} />}
        {step === 'documents' && loaded && (
          <>
            <p className="max-w-3xl text-slate-800">{t('documents.lead')}</p>
            <DocumentUploader
              caseId={caseId}
              canEdit
              initialDocuments={loaded.documents.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() }))}
            />
            <div className="flex flex-wrap gap-3">
              <Link href={`/my/cases/new?case=${caseId}&step=grounds`} className={buttonClass('secondary')}>
                {t('back')}
              </Link>
              <Link href={`/my/cases/new?case=${caseId}&step=consents`} className={buttonClass('primary')}>
                {t('next')}
              </Link>
            </div>
          </>
        )}
        {step === 'consents' && <ConsentsStep caseId={caseId} defaults={values.consents} />}
        {step === 'review' && loaded && (
          <ReviewStep caseId={caseId} missing={missing.map((m) => ({ step: m.step, messageKey: m.messageKey }))}>
            <CaseSummary row={loaded.row} documents={loaded.documents} editHref={(s) => `/my/cases/new?case=${caseId}&step=${s}`} />
          </ReviewStep>
        )}
      </section>
    </div>
  );
}

async function ReviewStep({ caseId, missing, children }: { caseId: string; missing: { step: IntakeStep; messageKey: string }[]; children: React.ReactNode }) {
  const t = await getTranslations();
  return (
    <div className="flex flex-col gap-6">
      <p className="max-w-3xl text-slate-800">{t('intake.review.lead')}</p>
      {children}
      {missing.length > 0 ? (
        <Alert tone="error">
          <h3 className="mb-2 font-bold">{t('intake.review.missingTitle')}</h3>
          <ul className="list-disc space-y-1 ps-5" data-testid="missing-list">
            {missing.map((m) => (
              <li key={m.messageKey}>
                <Link href={`/my/cases/new?case=${caseId}&step=${m.step}`} className="underline">
                  {t(m.messageKey as never)}
                </Link>
              </li>
            ))}
          </ul>
        </Alert>
      ) : (
        <Alert tone="success">{t('intake.review.ready')}</Alert>
      )}
      <SubmitCase caseId={caseId} isReady={missing.length === 0} />
    </div>
  );
}
