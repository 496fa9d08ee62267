import { getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableHead, td } from '@/components/ui/table';
import { currentTotp } from '@/lib/auth/totp';
import { safeReturnPath } from '@/lib/auth/return-path';
import { readDemoAccounts } from '@/lib/demo/accounts';
import { Link } from '@/lib/i18n/navigation';
import { SignInForm } from './_components/sign-in-form';

export async function generateMetadata() {
  const t = await getTranslations('auth');
  return { title: t('signInTitle') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; after?: string | string[] }> }) {
  await connection();
  const t = await getTranslations();
  // Staff codes are computed here, on the server: the secrets never reach the browser.
  const demo = readDemoAccounts().map(({ totpSecret, ...account }) => ({ ...account, code: totpSecret ? currentTotp(totpSecret) : null }));
  const { next: rawNext, after } = await searchParams;
  // Back here after changing the password or signing out everywhere (account security page).
  const notice = after === 'password' ? 'accountSecurity.passwordChanged' : after === 'sessions' ? 'accountSecurity.sessionsEnded' : null;
  const next = safeReturnPath(typeof rawNext === 'string' ? rawNext : null);
  const reloadHref = next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('auth.signInTitle')} lead={t('auth.signInLead')} />
      {notice && <Alert tone="success">{t(notice)}</Alert>}
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
            <TableHead columns={[t('auth.demoRole'), t('auth.email'), t('auth.password'), t('auth.demoCode')]} />
            <tbody>
              {demo.map((account) => (
                <tr key={account.email}>
                  <td className={td}>{t(`roles.${account.role}`)}</td>
                  <td className={`${td} font-mono`}>{account.email}</td>
                  <td className={`${td} font-mono`}>{account.password}</td>
                  <td className={`${td} font-mono`} data-testid="demo-code">
                    {account.code ?? t('common.none')}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {demo.some((account) => account.code) && (
            <p className="text-slate-800">
              {t('auth.demoCodesNote')}{' '}
              <Link href={reloadHref} className="font-semibold text-blue-800 underline">
                {t('auth.demoCodesReload')}
              </Link>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
