import { getLocale, getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import { PetitionCard } from '@/components/petitions/petition-card';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { Pagination } from '@/components/ui/pagination';
import type { Locale } from '@/lib/i18n/locales';
import { parsePage } from '@/lib/pagination';
import { listPublicPetitions, type PublicPetitionSummary } from '@/lib/petitions/public';

export async function generateMetadata() {
  const t = await getTranslations('publicPetitions');
  return { title: t('title') };
}

function PetitionGrid({ petitions }: { petitions: PublicPetitionSummary[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {petitions.map((petition) => (
        <li key={petition.slug}>
          <PetitionCard petition={petition} />
        </li>
      ))}
    </ul>
  );
}

/** Open and closed petitions for everyone, signed in or not: open ones first, each group under its own heading. */
export default async function PetitionsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await connection();
  const t = await getTranslations('publicPetitions');
  const locale = (await getLocale()) as Locale;
  const result = await listPublicPetitions(parsePage((await searchParams).page), locale);
  const open = result.rows.filter((p) => p.status === 'open');
  const closed = result.rows.filter((p) => p.status === 'closed');
  return (
    <div>
      <PageHeader title={t('title')} lead={t('lead')} />
      <div className="flex flex-col gap-8">
        {result.rows.length === 0 && <p>{result.total === 0 ? t('empty') : t('emptyPage')}</p>}
        {open.length > 0 && (
          <PageSection id="open" title={t('openTitle')}>
            <PetitionGrid petitions={open} />
          </PageSection>
        )}
        {closed.length > 0 && (
          <PageSection id="closed" title={t('closedTitle')}>
            <PetitionGrid petitions={closed} />
          </PageSection>
        )}
      </div>
      <Pagination page={result.page} pageCount={result.pageCount} pathname="/petitions" />
    </div>
  );
}
