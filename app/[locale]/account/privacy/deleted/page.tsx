import { getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Link } from '@/lib/i18n/navigation';

export async function generateMetadata() {
  const t = await getTranslations('privacy.deleted');
  return { title: t('title') };
}

/** Where a deleted account lands after being signed out. Public: there is no account any more. */
export default async function AccountDeletedPage() {
  const t = await getTranslations('privacy.deleted');
  return (
    <div>
      <PageHeader title={t('title')} lead={t('lead')} />
      <p>
        <Link href="/" className={buttonClass('secondary')}>
          {t('home')}
        </Link>
      </p>
    </div>
  );
}
