import { getTranslations } from 'next-intl/server';
import { isEmbedded } from '@/lib/env';

export async function SiteFooter() {
  const t = await getTranslations('footer');
  return (
    <footer className="mt-12 border-t border-slate-300 bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-800">
        <p>{t('about')}</p>
        <p>{t('privacy')}</p>
        {isEmbedded() && <p className="font-semibold">{t('demo')}</p>}
      </div>
    </footer>
  );
}
