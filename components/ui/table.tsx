import clsx from 'clsx';
import type { ReactNode } from 'react';

/**
 * A data table that scrolls sideways on a phone instead of squeezing its columns. `relative`
 * keeps visually hidden labels in its cells (absolutely positioned) inside the scroller; without
 * it they widen the whole page.
 */
export function Table({ caption, children, className }: { caption: string; children: ReactNode; className?: string }) {
  return (
    <div className={clsx('relative overflow-x-auto rounded-md border border-slate-300', className)} tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export const th = 'border-b border-slate-300 bg-slate-100 px-3 py-2 font-semibold text-slate-900';
export const td = 'border-b border-slate-200 px-3 py-2 align-top text-slate-900';

/** A header row of column titles. */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col" className={th}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
