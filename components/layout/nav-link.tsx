'use client';

import clsx from 'clsx';
import type { ReactNode } from 'react';
import { Link, usePathname } from '@/lib/i18n/navigation';

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const isCurrent = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={isCurrent ? 'page' : undefined}
      className={clsx(
        'inline-flex min-h-11 items-center rounded-md px-3 text-sm font-semibold',
        isCurrent ? 'bg-slate-900 text-white' : 'text-slate-900 hover:bg-slate-200',
      )}
    >
      {children}
    </Link>
  );
}
