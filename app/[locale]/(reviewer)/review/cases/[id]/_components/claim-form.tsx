'use client';

import { useTranslations } from 'next-intl';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { claimCaseSchema } from '@/lib/validation/review';
import { claimCaseAction } from '../../../actions';
import { ConflictDeclarationFields } from './conflict-declaration';
import { useReviewForm } from './use-review-form';

/** Taking a case: the reviewer declares they have no conflict of interest with anyone involved. */
export function ClaimForm({ caseId, version }: { caseId: string; version: number }) {
  const t = useTranslations('review');
  const tc = useTranslations('common');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = useReviewForm(
    claimCaseSchema,
    { caseId, version, hasNoConflict: false as unknown as true, conflictComment: '' },
    claimCaseAction,
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-labelledby="claim-title" aria-busy={isPending}>
      <h3 id="claim-title" className="text-lg font-bold">
        {t('claimTitle')}
      </h3>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <ConflictDeclarationFields register={form.register as never} errorOf={errorOf} />
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? tc('working') : t('claim')}
        </Button>
      </div>
    </form>
  );
}
