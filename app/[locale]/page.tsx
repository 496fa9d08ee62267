import { getLocale, getTranslations } from 'next-intl/server';
import { PetitionCard } from '@/components/petitions/petition-card';
import { buttonClass } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { PageSection } from '@/components/ui/page-section';
import { getCurrentUser } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { listPublicPetitions } from '@/lib/petitions/public';

export default async function HomePage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  const t = await getTranslations();
  const user = await getCurrentUser();
  const { signedOut } = await searchParams;
  const steps = [1, 2, 3, 4] as const;
  // Open petitions come first in the public list, so its first page holds the ones to show here.
  const openPetitions = (await listPublicPetitions(1, (await getLocale()) as Locale)).rows.filter((p) => p.status === 'open').slice(0, 3);
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

      <PageSection id="petitions" title={t('publicPetitions.homeTitle')}>
        <p className="max-w-3xl text-slate-800">{t('publicPetitions.homeLead')}</p>
        {openPetitions.length > 0 ? (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {openPetitions.map((petition) => (
              <li key={petition.slug}>
                <PetitionCard petition={petition} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-800">{t('publicPetitions.homeNoneOpen')}</p>
        )}
        <p>
          <Link href="/petitions" className="inline-flex min-h-11 items-center font-semibold text-blue-800 underline underline-offset-2">
            {t('publicPetitions.allPetitions')}
          </Link>
        </p>
      </PageSection>
    </div>
  );
}
