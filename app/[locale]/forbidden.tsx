import { getTranslations } from 'next-intl/server';
import { Link } from '@/lib/i18n/navigation';

export default async function Forbidden() {
  const t = await getTranslations('forbidden');
  return (
    <div className="flex flex-col gap-4" data-testid="forbidden">
      <h1 className="text-2xl font-bold text-slate-950">{t('title')}</h1>
      <p className="text-slate-800">{t('body')}</p>
      <p>
        <Link href="/" className="text-blue-800 underline">
          {t('home')}
        </Link>
      </p>
    </div>
  );
}
