import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { ConfirmSignature } from '@/components/petitions/confirm-signature';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { getPublicPetition } from '@/lib/petitions/public';
import { tokenState } from '@/lib/petitions/signing';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ token?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('publicPetitions.confirm'))('title'), robots: { index: false } };
}

/**
 * Where the e-mailed link lands. Opening it changes nothing (mail scanners open links too): the
 * visitor confirms with the button. A link that cannot be used says why, and how to get a new one.
 */
export default async function ConfirmSignaturePage({ params, searchParams }: Props) {
  await connection();
  const { slug } = await params;
  const raw = (await searchParams).token;
  const token = typeof raw === 'string' ? raw : '';
  const locale = (await getLocale()) as Locale;
  const petition = await getPublicPetition(slug, locale);
  if (!petition) notFound();
  const t = await getTranslations('publicPetitions.confirm');
  const found = await tokenState(token);
  // A token sent for another petition is as good as none here.
  const state = found.petitionId && found.petitionId !== petition.id ? 'invalid' : found.state;
  const back = (
    <Link href={`/petitions/${petition.slug}`} className="inline-flex min-h-11 items-center font-semibold text-blue-800 underline underline-offset-2">
      {t('backToPetition')}
    </Link>
  );
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <PageHeader title={t('title')} />
      <p className="text-slate-800">{t('lead')}</p>
      <p className="text-lg font-semibold text-slate-950" lang={petition.titleLocale === locale ? undefined : petition.titleLocale}>
        {petition.title}
      </p>
      {state === 'valid' ? (
        <ConfirmSignature token={token} petitionPath={`/petitions/${petition.slug}`} />
      ) : (
        <>
          <Alert tone={state === 'confirmed' ? 'success' : 'error'}>{t(state)}</Alert>
          <p>{back}</p>
        </>
      )}
    </div>
  );
}
