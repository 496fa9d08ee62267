import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableHead, td } from '@/components/ui/table';
import { readDemoAccounts } from '@/lib/demo/accounts';
import { Link } from '@/lib/i18n/navigation';
import { SignInForm } from './_components/sign-in-form';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('signInTitle') };
}

export default async function SignInPage() {
  const t = await getTranslations();
  const demo = readDemoAccounts();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('auth.signInTitle')} lead={t('auth.signInLead')} />
      <SignInForm />
      <ul className="flex flex-col gap-2">
        <li>
          <Link href="/forgot-password" className="font-semibold text-blue-800 underline">
            {t('auth.forgotPassword')}
          </Link>
        </li>
        <li>
          {t('auth.noAccount')}{' '}
          <Link href="/sign-up" className="font-semibold text-blue-800 underline">
            {t('common.signUp')}
          </Link>
        </li>
      </ul>
      {demo.length > 0 && (
        <div className="flex flex-col gap-2" data-testid="demo-accounts">
          <h2 id="demo-title" className="text-xl font-bold text-slate-950">
            {t('auth.demoTitle')}
          </h2>
          <p className="text-slate-800">{t('auth.demoLead')}</p>
          <Table caption={t('auth.demoTitle')}>
            <TableHead columns={[t('auth.demoRole'), t('auth.email'), t('auth.password')]} />
            <tbody>
              {demo.map((account) => (
                <tr key={account.email}>
                  <td className={td}>{t(`roles.${account.role}`)}</td>
                  <td className={`${td} font-mono`}>{account.email}</td>
                  <td className={`${td} font-mono`}>{account.password}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
