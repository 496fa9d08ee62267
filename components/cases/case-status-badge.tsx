import clsx from 'clsx';
import { getTranslations } from 'next-intl/server';
import type { CaseStatus } from '@/db/schema/cases';

const tone: Partial<Record<CaseStatus, string>> = {
  draft: 'bg-slate-100 text-slate-900 border-slate-400',
  needs_info: 'bg-amber-50 text-amber-950 border-amber-500',
  accepted: 'bg-green-50 text-green-950 border-green-600',
  protest_brought: 'bg-green-50 text-green-950 border-green-600',
  declined: 'bg-red-50 text-red-950 border-red-500',
  protest_refused: 'bg-red-50 text-red-950 border-red-500',
};

export async function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const t = await getTranslations('status');
  return (
    <span className={clsx('inline-block rounded-full border px-2 py-0.5 text-sm font-semibold', tone[status] ?? 'border-blue-400 bg-blue-50 text-blue-950')}>
      {t(status)}
    </span>
  );
}
