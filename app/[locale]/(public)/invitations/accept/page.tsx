import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { newTotpSecret, totpQrSvg, totpUri } from '@/lib/auth/totp';
import { Link } from '@/lib/i18n/navigation';
import { checkInvitation } from '@/lib/users/invitations';
import { AcceptInvitationForm } from './_components/accept-invitation-form';

export async function generateMetadata() {
  const t = await getTranslations('invitations');
  return { title: t('title') };
}

/**
 * Opening the e-mailed link changes nothing: it shows why a link cannot be used, or the form.
 * The two-factor secret is made here and travels with the form; it is the invitee's own and
 * shown to them anyway, and the server stores it only once a code from it checks out.
 */
export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const t = await getTranslations();
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  const state = await checkInvitation(token);
  if (!state.ok) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title={t('invitations.title')} />
        <Alert tone="error">
          <p data-testid="invitation-refused">{t(`invitations.reasons.${state.reason}`)}</p>
          {state.reason !== 'used' && <p className="mt-2">{t('invitations.askAgain')}</p>}
        </Alert>
        {state.reason === 'used' && (
          <p>
            <Link href="/sign-in" className="font-semibold text-blue-800 underline">
              {t('invitations.signIn')}
            </Link>
          </p>
        )}
      </div>
    );
  }
  const secret = newTotpSecret();
  const qrSvg = await totpQrSvg(totpUri(secret, state.email));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('invitations.title')} lead={t('invitations.lead', { role: t(`roles.${state.role}`), email: state.email })} />
      <AcceptInvitationForm token={token} secret={secret} qrSvg={qrSvg} />
    </div>
  );
}
