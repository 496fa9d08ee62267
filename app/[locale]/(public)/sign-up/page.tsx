import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Link } from '@/lib/i18n/navigation';
import { SignUpForm } from './_components/sign-up-form';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('signUpTitle') };
}

export default async function SignUpPage() {
  const t = await getTranslations('auth');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('signUpTitle')} lead={t('signUpLead')} />
      <SignUpForm />
      <p>
        {t('haveAccount')}{' '}
        <Link href="/sign-in" className="font-semibold text-blue-800 underline">
          {t('signInTitle')}
        </Link>
      </p>
    </div>
  );
}
