import { getFormatter, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { getAccountSecurity } from '@/lib/accounts/two-factor';
import { requirePageAccess } from '@/lib/auth/session';
import { needsTwoFactorEnrollment } from '@/lib/authz';
import { EndSessionsButton } from './_components/end-sessions';
import { ChangePasswordForm } from './_components/password-form';
import { ConfirmTwoFactorForm, RegenerateRecoveryCodesForm, StartTwoFactorButton, TurnOffTwoFactorForm } from './_components/two-factor-forms';

export async function generateMetadata() {
  const t = await getTranslations('accountSecurity');
  return { title: t('title') };
}

/** Groups of four, as authenticator apps accept it and people can read it out. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export default async function AccountSecurityPage() {
  const user = await requirePageAccess('account.own', '/account/security');
  const t = await getTranslations();
  const format = await getFormatter();
  const security = await getAccountSecurity(user);
  const mustEnroll = needsTwoFactorEnrollment(user);
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title={t('accountSecurity.title')} lead={t('accountSecurity.lead')} />
      {mustEnroll && (
        <Alert tone="info">
          <p className="font-semibold" data-testid="two-factor-required">
            {t('accountSecurity.requiredForStaff')}
          </p>
        </Alert>
      )}

      <PageSection id="two-factor" title={t('accountSecurity.twoFactorTitle')}>
        {security.twoFactor === 'on' && (
          <>
            <p className="text-slate-900" data-testid="two-factor-status">
              {t('accountSecurity.statusOn', { date: format.dateTime(security.enabledAt!, { dateStyle: 'long' }) })}
            </p>
            <p className="text-slate-800">{t('accountSecurity.recoveryCodesLeft', { count: security.recoveryCodesLeft })}</p>
            <RegenerateRecoveryCodesForm />
            {security.mayTurnOff ? <TurnOffTwoFactorForm /> : <p className="text-slate-800">{t('accountSecurity.staffKeepOn')}</p>}
          </>
        )}
        {security.twoFactor === 'off' && (
          <>
            <p className="text-slate-900" data-testid="two-factor-status">
              {t('accountSecurity.statusOff')}
            </p>
            <p className="max-w-3xl text-slate-800">{t('accountSecurity.offLead')}</p>
            <StartTwoFactorButton />
          </>
        )}
        {security.enrollment && (
          <>
            <ol className="flex max-w-3xl list-decimal flex-col gap-2 ps-6 text-slate-900">
              <li>{t('accountSecurity.stepInstall')}</li>
              <li>{t('accountSecurity.stepScan')}</li>
              <li>{t('accountSecurity.stepConfirm')}</li>
            </ol>
            <div className="flex flex-wrap items-start gap-6">
              {/* The SVG comes from the qrcode library on the server (paths only, no script). */}
              <div
                role="img"
                aria-label={t('accountSecurity.qrLabel')}
                className="w-56 shrink-0 rounded-md border border-slate-300 bg-white p-2"
                dangerouslySetInnerHTML={{ __html: security.enrollment.qrSvg }}
              />
              <div className="flex min-w-0 flex-col gap-1">
                <p className="font-semibold text-slate-900">{t('accountSecurity.manualEntry')}</p>
                <p className="break-all font-mono text-lg text-slate-950" data-testid="totp-secret">
                  {grouped(security.enrollment.secret)}
                </p>
                <p className="text-sm text-slate-700">{t('accountSecurity.manualEntryHint')}</p>
              </div>
            </div>
            <ConfirmTwoFactorForm continueTo={mustEnroll ? '/start' : null} />
            <StartTwoFactorButton isRestart />
          </>
        )}
      </PageSection>

      <PageSection id="password" title={t('accountSecurity.passwordTitle')}>
        <p className="max-w-3xl text-slate-800">{t('accountSecurity.passwordLead')}</p>
        <ChangePasswordForm />
      </PageSection>

      <PageSection id="sessions" title={t('accountSecurity.sessionsTitle')}>
        <p className="max-w-3xl text-slate-800">{t('accountSecurity.sessionsLead')}</p>
        <EndSessionsButton />
      </PageSection>
    </div>
  );
}
