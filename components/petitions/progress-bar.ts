import clsx from 'clsx';

/** The <progress> bar of a petition's count, on the cards and the live count alike. */
export function progressBarClass(size: 'small' | 'large'): string {
  return clsx(
    'w-full appearance-none overflow-hidden rounded-full border border-slate-500 bg-slate-100',
    '[&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-blue-800 [&::-moz-progress-bar]:bg-blue-800',
    size === 'large' ? 'h-4' : 'h-3',
  );
}

/**
 * A count as the petition pages print it. Kazakh groups digits exactly like Russian (1 234 567,
 * no-break spaces), but browsers' trimmed locale data often lacks Kazakh number symbols and prints
 * English commas (Chromium does): Kazakh uses the Russian rules, so the server and every browser agree.
 */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'kk' ? 'ru' : locale).format(value);
}
