import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { getCurrentUser } from '@/lib/auth/session';
import { hasRole, navigation, publicNavigation } from '@/lib/authz';
import { unreadCounts } from '@/lib/cases/unread';
import { isMailboxEnabled } from '@/lib/env';
import { Link } from '@/lib/i18n/navigation';
import { LanguageSwitcher } from './language-switcher';
import { NavLink } from './nav-link';
import { SignOutButton } from './sign-out-button';
import { UnreadNavBadge } from './unread-nav-badge';

export async function SiteHeader() {
  const t = await getTranslations();
  const user = await getCurrentUser();
  const items = [...publicNavigation, ...navigation.filter((item) => hasRole(user, item.action))];
  // An applicant's unread messages, beside "My cases" (one query, shared with the case list).
  const unread = hasRole(user, 'case.file') ? await unreadCounts(user) : null;
  return (
    <header className="border-b border-slate-300 bg-white">
      {/* Inside the banner landmark, so no content sits outside a landmark. */}
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:p-3 focus:font-semibold"
      >
        {t('common.skipToContent')}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="flex flex-col leading-tight">
          <span className="text-xl font-bold text-slate-950">{t('common.appName')}</span>
          <span className="text-sm text-slate-700">{t('common.tagline')}</span>
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <Suspense>
            <LanguageSwitcher />
          </Suspense>
          {user ? (
            <div className="flex flex-wrap items-center gap-3" data-testid="account">
              <p className="text-sm text-slate-900">
                <span className="font-semibold">{user.name}</span>
                <span className="text-slate-700"> · {t(`roles.${user.role}`)}</span>
              </p>
              <Link href="/account/security" className="min-h-11 content-center text-sm font-semibold text-blue-800 underline">
                {t('accountSecurity.navLink')}
              </Link>
              <Link href="/account/privacy" className="min-h-11 content-center text-sm font-semibold text-blue-800 underline">{t('nav.privacy')}</Link>
              <SignOutButton />
            </div>
          ) : (
            <div className="flex gap-3">
              <Link href="/sign-in" className="min-h-11 content-center font-semibold text-blue-800 underline">
                {t('common.signIn')}
              </Link>
              <Link href="/sign-up" className="min-h-11 content-center font-semibold text-blue-800 underline">
                {t('common.signUp')}
              </Link>
            </div>
          )}
        </div>
      </div>
      {(items.length > 0 || isMailboxEnabled()) && (
        <nav aria-label={t('nav.main')} className="border-t border-slate-200 bg-slate-50">
          <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4 py-1">
            {items.map((item) => (
              <li key={item.href} className="flex items-center">
                <NavLink href={item.href}>{t(item.labelKey)}</NavLink>
                {item.href === '/my/cases' && unread && <UnreadNavBadge key={JSON.stringify(unread)} byCase={unread} />}
              </li>
            ))}
            {isMailboxEnabled() && (
              <li className="ms-auto">
                <NavLink href="/dev/mailbox">{t('nav.mailbox')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
      )}
    </header>
  );
}
