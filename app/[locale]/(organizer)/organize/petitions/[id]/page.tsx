import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { requirePageAccess } from '@/lib/auth/session';
import type { Locale } from '@/lib/i18n/locales';
import { Link } from '@/lib/i18n/navigation';
import { orNotFound } from '@/lib/pages';
import { isCalendarDay, timestampToDay } from '@/lib/petitions/dates';
import { getPetitionForOrganizer } from '@/lib/petitions/queries';
import { getSignatureStatistics } from '@/lib/petitions/statistics';
import { EditPetitionForm } from '../_components/petition-form';
import { PetitionSignatures } from '../_components/petition-signatures';
import { PetitionVersionProvider } from '../_components/petition-version';
import { ClosePetitionForm, OpenPetitionForm } from '../_components/status-forms';

export async function generateMetadata() {
  const t = await getTranslations('petitions');
  return { title: t('title') };
}

const statusKey = { draft: 'statusDraft', open: 'statusOpen', closed: 'statusClosed' } as const;
const languages = ['kk', 'ru', 'en'] as const;
const texts = {
  kk: { title: 'titleKk', body: 'bodyKk' },
  ru: { title: 'titleRu', body: 'bodyRu' },
  en: { title: 'titleEn', body: 'bodyEn' },
} as const;

/** One petition: the draft form and "open" while a draft; the fixed texts and "close" once open. */
export default async function PetitionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess('petition.manage', `/organize/petitions/${encodeURIComponent(id)}`);
  const petition = await orNotFound(getPetitionForOrganizer(user, id));
  const t = await getTranslations('petitions');
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const isDraft = petition.status === 'draft';
  // A draft cannot be signed: nothing to count.
  const statistics = isDraft ? null : await getSignatureStatistics(user, petition.id);
  // A day set in the form reads back as that day; a stamped moment (opened or closed now) with its time.
  const when = (value: Date | null) =>
    !value ? t('detail.notSet') : isCalendarDay(value) ? format.dateTime(value, { dateStyle: 'long', timeZone: 'UTC' }) : format.dateTime(value, { dateStyle: 'long', timeStyle: 'short' });

  return (
    <PetitionVersionProvider petitionId={petition.id} version={petition.version}>
      <div className="flex flex-col gap-8">
        <p>
          <Link href="/organize/petitions" className="text-blue-800 underline">
            {t('detail.backToList')}
          </Link>
        </p>
        <PageHeader title={petition[texts[locale].title]}>
          <p>
            {t('status')}:{' '}
            <strong data-testid="petition-status">{t(statusKey[petition.status])}</strong>
          </p>
          {!isDraft && (
            <p>
              <Link href={`/petitions/${petition.slug}`} className="text-blue-800 underline">
                {t('detail.publicPage')}
              </Link>
            </p>
          )}
        </PageHeader>

        {isDraft ? (
          <>
            <PageSection id="edit" title={t('detail.editTitle')}>
              <p>{t('detail.draftNotice')}</p>
              <EditPetitionForm
                defaults={{
                  slug: petition.slug,
                  titleKk: petition.titleKk,
                  titleRu: petition.titleRu,
                  titleEn: petition.titleEn,
                  bodyKk: petition.bodyKk,
                  bodyRu: petition.bodyRu,
                  bodyEn: petition.bodyEn,
                  addressee: petition.addressee,
                  signatureGoal: String(petition.signatureGoal),
                  opensOn: timestampToDay(petition.opensAt),
                  closesOn: timestampToDay(petition.closesAt),
                }}
              />
            </PageSection>
            <PageSection id="open" title={t('detail.openTitle')}>
              <OpenPetitionForm />
            </PageSection>
          </>
        ) : (
          <>
            <Alert>{t('detail.frozenNotice')}</Alert>
            <PageSection id="details" title={t('detail.detailsTitle')}>
              <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
                <dt className="font-semibold">{t('form.slug')}</dt>
                <dd className="font-mono break-all">{petition.slug}</dd>
                <dt className="font-semibold">{t('form.addressee')}</dt>
                <dd>{petition.addressee}</dd>
                <dt className="font-semibold">{t('goal')}</dt>
                <dd>{format.number(petition.signatureGoal)}</dd>
                <dt className="font-semibold">{t('detail.opensAt')}</dt>
                <dd>{when(petition.opensAt)}</dd>
                <dt className="font-semibold">{t('detail.closesAt')}</dt>
                <dd>{when(petition.closesAt)}</dd>
              </dl>
            </PageSection>
            {statistics && (
              <PageSection id="signatures" title={t('signatures.title')}>
                <PetitionSignatures petitionId={petition.id} statistics={statistics} locale={locale} />
              </PageSection>
            )}
            <PageSection id="texts" title={t('detail.textsTitle')}>
              {languages.map((lang) => (
                <section key={lang} aria-labelledby={`text-${lang}`} className="flex flex-col gap-2 rounded-md border border-slate-300 p-4">
                  <h3 id={`text-${lang}`} className="text-lg font-bold">
                    {t(`form.languages.${lang}`)}
                  </h3>
                  <p lang={lang} className="font-semibold">
                    {petition[texts[lang].title]}
                  </p>
                  {/* The Markdown source as written: exactly the text people sign, nothing rendered. */}
                  <pre lang={lang} className="font-sans break-words whitespace-pre-wrap">
                    {petition[texts[lang].body]}
                  </pre>
                </section>
              ))}
            </PageSection>
            {petition.status === 'open' && (
              <PageSection id="close" title={t('detail.closeTitle')}>
                <ClosePetitionForm />
              </PageSection>
            )}
          </>
        )}
      </div>
    </PetitionVersionProvider>
  );
}
