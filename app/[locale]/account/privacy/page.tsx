import { getLocale, getTranslations } from 'next-intl/server';
import { CaseStatusBadge } from '@/components/cases/case-status-badge';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { requirePageAccess } from '@/lib/auth/session';
import { planAccountDeletion, type PlannedCase } from '@/lib/privacy/deletion';
import { EXPORTS_PER_HOUR } from '@/lib/privacy/export';
import { DeleteAccountForm } from './_components/delete-account-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('privacy');
  return { title: t('title') };
}

/** Privacy rights: download one's data, and delete one's account under a rule stated before confirming. */
export default async function PrivacyPage({ searchParams }: { searchParams: Promise<{ exportRetryAfter?: string }> }) {
  const user = await requirePageAccess('account.own', '/account/privacy');
  const t = await getTranslations();
  const locale = await getLocale();
  const plan = await planAccountDeletion(user);
  const retryAfter = Number((await searchParams).exportRetryAfter);
  const retryMinutes = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(1, Math.ceil(retryAfter / 60)) : null;
  return (
    <div className="flex flex-col gap-10">
      <PageHeader title={t('privacy.title')} lead={t('privacy.lead')} />

      <PageSection id="export" title={t('privacy.export.title')}>
        {retryMinutes !== null && <Alert tone="error">{t('privacy.export.rateLimitedPage', { limit: EXPORTS_PER_HOUR, minutes: retryMinutes })}</Alert>}
        <p className="max-w-3xl text-slate-800">{t('privacy.export.lead')}</p>
        <ul className="max-w-3xl list-disc ps-6 text-slate-800">
          <li>{t('privacy.export.json')}</li>
          <li>{t('privacy.export.documents')}</li>
        </ul>
        <p>
          <a href={`/api/account/export?locale=${locale}`} className={buttonClass('primary')} data-testid="export-link">
            {t('privacy.export.download')}
          </a>
        </p>
        <p className="max-w-3xl text-sm text-slate-700">{t('privacy.export.note', { limit: EXPORTS_PER_HOUR })}</p>
      </PageSection>

      <PageSection id="delete" title={t('privacy.delete.title')}>
        {plan.canDelete ? (
          <>
            <h3 className="text-lg font-bold text-slate-950">{t('privacy.delete.ruleTitle')}</h3>
            <ul className="max-w-3xl list-disc ps-6 text-slate-800" data-testid="deletion-rule">
              <li>{t('privacy.delete.ruleErased')}</li>
              <li>{t('privacy.delete.ruleKept')}</li>
              <li>{t('privacy.delete.ruleAccount')}</li>
              <li>{t('privacy.delete.ruleSignatures')}</li>
              <li>{t('privacy.delete.ruleFinal')}</li>
            </ul>
            <h3 className="text-lg font-bold text-slate-950">{t('privacy.delete.yourCases')}</h3>
            {plan.erased.length === 0 && plan.kept.length === 0 ? (
              <p className="text-slate-800">{t('privacy.delete.noCases')}</p>
            ) : (
              <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
                <CaseGroup id="erased" title={t('privacy.delete.erasedList', { count: plan.erased.length })} cases={plan.erased} draftLabel={t('myCases.draftReference')} />
                <CaseGroup id="kept" title={t('privacy.delete.keptList', { count: plan.kept.length })} cases={plan.kept} draftLabel={t('myCases.draftReference')} />
              </div>
            )}
            <DeleteAccountForm email={user.email} />
          </>
        ) : (
          <p className="max-w-3xl text-slate-800">{t('privacy.delete.staffCannot')}</p>
        )}
      </PageSection>
    </div>
  );
}

function CaseGroup({ id, title, cases, draftLabel }: { id: string; title: string; cases: PlannedCase[]; draftLabel: string }) {
  return (
    <div className="rounded-md border border-slate-300 p-3" data-testid={`cases-${id}`}>
      <h4 id={`cases-${id}-title`} className="font-semibold text-slate-950">
        {title}
      </h4>
      {cases.length > 0 && (
        <ul aria-labelledby={`cases-${id}-title`} className="mt-2 flex flex-col gap-2">
          {cases.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-2">
              <span className="font-semibold">{c.reference ?? draftLabel}</span>
              <CaseStatusBadge status={c.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
