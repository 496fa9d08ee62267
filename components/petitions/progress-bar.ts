import clsx from 'clsx';

/** The <progress> bar of a petition's count, on the cards and the live count alike. */
export function progressBarClass(size: 'small' | 'large'): string {
  return clsx(
    'w-full appearance-none overflow-hidden rounded-full border border-slate-500 bg-slate-100',
    '[&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-blue-800 [&::-moz-progress-bar]:bg-blue-800',
    size === 'large' ? 'h-4' : 'h-3',
  );
}
