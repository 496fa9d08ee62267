import type { Metadata } from 'next';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { Markdown } from '@/components/markdown';
import { LatestSigners, RegionBreakdown } from '@/components/petitions/signers';
import { LiveCount } from '@/components/petitions/live-count';
import { SignForm } from '@/components/petitions/sign-form';
import { PetitionStatusBadge } from '@/components/petitions/petition-status-badge';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { getPublicPetition } from '@/lib/petitions/public';
import { regionList } from '@/lib/reference/data';

type Params = Promise<{ locale: string; slug: string }>;

// The metadata and the page read the same row once per request.
const loadPetition = cache(async (slug: string) => getPublicPetition(slug, (await getLocale()) as Locale));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const petition = await loadPetition((await params).slug);
  if (!petition) return { title: (await getTranslations('notFound'))('title') };
  return { title: petition.title };
}

/**
 * A petition as the public sees it: the text, to whom it is addressed, and its confirmed total
 * against the goal. Drafts and unknown slugs are the 404 page. Beside the text: the live count, and
 * the sign form while it is open; below it, signatures by region and the latest signers who agreed
 * to be shown.
 */
export default async function PetitionPage({ params }: { params: Params }) {
  await connection();
  const petition = await loadPetition((await params).slug);
  if (!petition) notFound();
  const t = await getTranslations('publicPetitions');
  const locale = (await getLocale()) as Locale;
  const format = await getFormatter();
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'long' });
  const otherLanguage = (shown: Locale) => (shown === locale ? undefined : shown);
  return (
    <div>
      <p className="mb-2">
        <Link href="/petitions" className="inline-flex min-h-11 items-center font-semibold text-blue-800 underline underline-offset-2">
          <span aria-hidden="true">←&nbsp;</span>
          {t('allPetitions')}
        </Link>
      </p>
      <PageHeader title={petition.title} titleLang={otherLanguage(petition.titleLocale)}>
        <div>
          <PetitionStatusBadge status={petition.status} />
        </div>
        <p className="text-slate-800">
          {t.rich('addressee', { addressee: petition.addressee, label: (chunks) => <span className="font-semibold">{chunks}</span> })}
        </p>
      </PageHeader>
      {petition.status === 'closed' && <Alert className="mb-6">{t('closedNotice')}</Alert>}
      <div className="grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <aside aria-labelledby="signatures-title" className="flex flex-col gap-4 rounded-md border border-slate-300 bg-slate-50 p-4 lg:sticky lg:top-4 lg:col-start-2 lg:row-start-1">
          <h2 id="signatures-title" className="text-xl font-bold text-slate-950">
            {t('signaturesTitle')}
          </h2>
          <LiveCount slug={petition.slug} initialCount={petition.confirmedCount} goal={petition.signatureGoal} />
          <p className="text-sm text-slate-700">
            {t('countedHint')} {petition.status === 'open' && t('liveHint')}
          </p>
          {(petition.opensAt || petition.closesAt) && (
            <dl className="grid grid-cols-1 gap-1 text-sm">
              {petition.opensAt && (
                <div>
                  <dt className="font-semibold text-slate-900">{t('collectionStart')}</dt>
                  <dd className="text-slate-800">{date(petition.opensAt)}</dd>
                </div>
              )}
              {petition.closesAt && (
                <div>
                  <dt className="font-semibold text-slate-900">{t('collectionEnd')}</dt>
                  <dd className="text-slate-800">{date(petition.closesAt)}</dd>
                </div>
              )}
            </dl>
          )}
          {petition.status === 'open' && <SignForm slug={petition.slug} locale={locale} regions={regionList.map((r) => ({ value: r.code, label: r.names[locale] }))} />}
        </aside>
        <article lang={otherLanguage(petition.bodyLocale)} className="max-w-3xl lg:col-start-1 lg:row-start-1" data-testid="petition-text">
          <Markdown>{petition.body}</Markdown>
        </article>
        <div className="flex flex-col gap-8 lg:col-start-1">
          <RegionBreakdown petitionId={petition.id} />
          <LatestSigners petitionId={petition.id} />
        </div>
      </div>
    </div>
  );
}
