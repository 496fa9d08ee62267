import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageAccess } from '@/lib/auth/session';
import { Link } from '@/lib/i18n/navigation';
import { NewPetitionForm } from '../_components/petition-form';

export async function generateMetadata() {
  const t = await getTranslations('petitions');
  return { title: t('newPetition') };
}

/** A new petition, written in all three languages and saved as a draft. */
export default async function NewPetitionPage() {
  await requirePageAccess('petition.manage', '/organize/petitions/new');
  const t = await getTranslations('petitions');
  return (
    <div className="flex flex-col gap-4">
      <p>
        <Link href="/organize/petitions" className="text-blue-800 underline">
          {t('detail.backToList')}
        </Link>
      </p>
      <PageHeader title={t('newPetition')} lead={t('newLead')} />
      <NewPetitionForm
        defaults={{ slug: '', titleKk: '', titleRu: '', titleEn: '', bodyKk: '', bodyRu: '', bodyEn: '', addressee: '', signatureGoal: '', opensOn: '', closesOn: '' }}
      />
    </div>
  );
}
