import { getFormatter, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { PageSection } from '@/components/ui/page-section';
import { requirePageAccess } from '@/lib/auth/session';
import { loadPrivacySettings } from '@/lib/privacy/retention';
import { DEFAULT_DECLINED_RETENTION_DAYS } from '@/lib/validation/privacy';
import { RetentionForm } from './_components/retention-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('privacy.settings');
  return { title: t('title') };
}

/** Portal-wide settings an admin may change: for now, how long declined cases are kept. */
export default async function SettingsPage() {
  const user = await requirePageAccess('settings.manage', '/admin/settings');
  const t = await getTranslations('privacy.settings');
  const format = await getFormatter();
  const current = await loadPrivacySettings(user);
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title={t('title')} lead={t('lead')} />
      <PageSection id="retention" title={t('retentionTitle')}>
        <p className="max-w-3xl text-slate-800">{t('retentionLead', { days: DEFAULT_DECLINED_RETENTION_DAYS })}</p>
        <p className="text-sm text-slate-700" data-testid="retention-current">
          {current.isDefault
            ? t('isDefault')
            : t('changedBy', { name: current.updatedByName ?? '—', date: format.dateTime(current.updatedAt!, { dateStyle: 'long', timeStyle: 'short' }) })}
        </p>
        <RetentionForm declinedDays={current.declinedDays} />
      </PageSection>
    </div>
  );
}
