import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { checkResetLink } from '@/lib/accounts/links';
import { Link } from '@/lib/i18n/navigation';
import { ResetPasswordForm } from './_components/reset-password-form';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('resetTitle') };
}

const reasonKey = { invalid: 'linkInvalid', expired: 'linkExpired', used: 'linkUsed' } as const;

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const t = await getTranslations('auth');
  const token = (await searchParams).token ?? '';
  const check = await checkResetLink(token);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('resetTitle')} />
      {check.ok ? (
        <ResetPasswordForm token={token} />
      ) : (
        <>
          <Alert tone="error">{t(reasonKey[check.reason])}</Alert>
          <p>
            <Link href="/forgot-password" className="font-semibold text-blue-800 underline">
              {t('requestNewLink')}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
