'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { UnreadBadge } from '@/components/cases/unread-badge';
import { usePathname } from '@/lib/i18n/navigation';

const casePage = /^\/my\/cases\/([0-9a-f-]{36})$/i;

/**
 * The applicant's unread messages beside "My cases". The counts come from the server when the
 * layout renders, which client-side navigation does not repeat: cases opened since then (their
 * page marks them read) are taken off here, so the badge never counts what was just read.
 */
export function UnreadNavBadge({ byCase }: { byCase: Record<string, number> }) {
  const t = useTranslations('unread');
  const pathname = usePathname();
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const open = casePage.exec(pathname)?.[1];
  if (open && byCase[open] && !opened.has(open)) setOpened(new Set(opened).add(open));
  const count = Object.entries(byCase).reduce((sum, [id, n]) => (id === open || opened.has(id) ? sum : sum + n), 0);
  return <UnreadBadge count={count} label={t('messages', { count })} />;
}
