import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { ForgotPasswordForm } from './_components/forgot-password-form';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('forgotTitle') };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations('auth');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('forgotTitle')} lead={t('forgotLead')} />
      <ForgotPasswordForm />
    </div>
  );
}
