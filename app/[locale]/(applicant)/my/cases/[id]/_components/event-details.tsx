import { getTranslations } from 'next-intl/server';
import type { CaseStatus } from '@/db/schema/cases';
import { declineReasons, requestableItems } from '@/lib/validation/review';

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

/** What the applicant should know about a step: why a case was declined, what was asked for, the prosecutor's answer. */
export async function EventDetails({ toStatus, data }: { toStatus: CaseStatus | null; data: Record<string, unknown> }) {
  const t = await getTranslations('review');
  if (toStatus === 'declined' && isOneOf(declineReasons, data.reason)) {
    return (
      <div className="mt-1 rounded-md border border-slate-300 bg-slate-50 p-3" data-testid="decline-reason">
        <p>{t(`declineReasons.${data.reason}.applicant`)}</p>
        {typeof data.message === 'string' && <p className="mt-2 break-words whitespace-pre-wrap">{data.message}</p>}
      </div>
    );
  }
  if (toStatus === 'needs_info' && Array.isArray(data.items) && data.items.length > 0) {
    return (
      <ul className="mt-1 list-disc ps-6" data-testid="requested-items">
        {data.items.filter((item) => isOneOf(requestableItems, item)).map((item) => (
          <li key={item}>{t(`requestItems.${item}`)}</li>
        ))}
      </ul>
    );
  }
  if ((toStatus === 'protest_brought' || toStatus === 'protest_refused') && typeof data.note === 'string' && data.note) {
    return (
      <p className="mt-1 rounded-md border border-slate-300 bg-slate-50 p-3 break-words whitespace-pre-wrap" data-testid="outcome-note">
        {data.note}
      </p>
    );
  }
  return null;
}
