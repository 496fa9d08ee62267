import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { verifyEmailLink } from '@/lib/accounts/links';
import { Link } from '@/lib/i18n/navigation';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('verifyTitle') };
}

const reasonKey = { invalid: 'linkInvalid', expired: 'linkExpired', used: 'linkUsed' } as const;

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const t = await getTranslations('auth');
  const { token } = await searchParams;
  const result = await verifyEmailLink(token ?? '');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('verifyTitle')} />
      {result.ok ? (
        <Alert tone="success">{t('verifySuccess')}</Alert>
      ) : (
        <Alert tone="error">{t(reasonKey[result.reason])}</Alert>
      )}
      <p>
        <Link href="/sign-in" className="font-semibold text-blue-800 underline">
          {t('signInTitle')}
        </Link>
      </p>
    </div>
  );
}
