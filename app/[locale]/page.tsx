import { getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { PageSection } from '@/components/ui/page-section';
import { getCurrentUser } from '@/lib/auth/session';
import { Link } from '@/lib/i18n/navigation';

export default async function HomePage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  const t = await getTranslations();
  const user = await getCurrentUser();
  const { signedOut } = await searchParams;
  const steps = [1, 2, 3, 4] as const;
  return (
    <div className="flex flex-col gap-10">
      {signedOut && !user && <Alert tone="success">{t('auth.signedOut')}</Alert>}
      <section aria-labelledby="home-title" className="flex flex-col gap-4">
        <h1 id="home-title" className="max-w-3xl text-3xl font-bold text-slate-950 sm:text-4xl">
          {t('home.title')}
        </h1>
        <p className="max-w-3xl text-lg text-slate-800">{t('home.lead')}</p>
        <div>
          {user?.role === 'applicant' ? (
            <span className="flex flex-wrap gap-3">
              <Link href="/my/cases/new" className={buttonClass('primary')}>
                {t('home.fileCase')}
              </Link>
              <Link href="/my/cases" className={buttonClass('secondary')}>
                {t('home.myCases')}
              </Link>
            </span>
          ) : !user ? (
            <Link href="/sign-up" className={buttonClass('primary')}>
              {t('home.fileCase')}
            </Link>
          ) : null}
        </div>
      </section>

      <PageSection id="who" title={t('home.whoTitle')}>
        <ul className="list-disc space-y-2 ps-6 text-slate-800">
          <li>{t('home.who1')}</li>
          <li>{t('home.who2')}</li>
          <li>{t('home.who3')}</li>
        </ul>
      </PageSection>

      <PageSection id="how" title={t('home.howTitle')}>
        <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {steps.map((n) => (
            <li key={n} className="rounded-md border border-slate-300 p-4">
              <h3 className="mb-2 font-bold text-slate-950">
                <span aria-hidden="true">{n}. </span>
                {t(`home.step${n}Title`)}
              </h3>
              <p className="text-slate-800">{t(`home.step${n}`)}</p>
            </li>
          ))}
        </ol>
      </PageSection>

      <PageSection id="honest" title={t('home.honestTitle')}>
        <p className="max-w-3xl text-slate-800">{t('home.honest')}</p>
      </PageSection>
    </div>
  );
}
