import clsx from 'clsx';
import type { ReactNode } from 'react';
import { Link } from '@/lib/i18n/navigation';
import { buttonClass } from './button';

/**
 * The end of a filter form (a GET form: filters live in the URL): apply, a link back to the
 * unfiltered list, and any further actions on what is filtered.
 */
export function FilterActions({
  applyLabel,
  resetLabel,
  resetHref,
  className,
  children,
}: {
  applyLabel: string;
  resetLabel: string;
  resetHref: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={clsx('flex flex-wrap items-end gap-3', className)}>
      <button type="submit" className={buttonClass('primary')}>
        {applyLabel}
      </button>
      <Link href={resetHref} className={buttonClass('secondary')}>
        {resetLabel}
      </Link>
      {children}
    </div>
  );
}
