'use client';

import { signOut } from 'next-auth/react';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';

export function SignOutButton() {
  const t = useTranslations('common');
  const locale = useLocale();
  const [isPending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: `/${locale}?signedOut=1` });
      }}
      className="min-h-11 rounded-md border border-slate-400 px-3 text-sm font-semibold text-slate-900 hover:bg-slate-100"
    >
      {t('signOut')}
    </button>
  );
}
