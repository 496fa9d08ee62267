import clsx from 'clsx';
import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'error';

const tones: Record<Tone, string> = {
  info: 'border-blue-300 bg-blue-50 text-blue-950',
  success: 'border-green-400 bg-green-50 text-green-950',
  error: 'border-red-400 bg-red-50 text-red-950',
};

/** A message block. Errors use role="alert" so screen readers announce them when they appear. */
export function Alert({ tone = 'info', children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={clsx('rounded-md border p-4', tones[tone], className)}>
      {children}
    </div>
  );
}
