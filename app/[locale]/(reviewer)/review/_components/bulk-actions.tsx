'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition, type FormEvent } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/fields';
import type { ActionResult } from '@/lib/actions/result';
import { useRouter } from '@/lib/i18n/navigation';
import { bulkAssignAction, bulkTagAction } from '../actions';

type Option = { value: string; label: string };
type Outcome = { tone: 'success' | 'error'; text: string };

/**
 * Organizers act on the cases ticked in the queue: the row checkboxes belong to this form
 * through their `form` attribute, so the table stays a plain server-rendered table.
 */
export function BulkActions({ reviewers, tags }: { reviewers: Option[]; tags: Option[] }) {
  const t = useTranslations('queue');
  const tr = useTranslations();
  const router = useRouter();
  const isHydrated = useHydrated();
  const [isPending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [fieldError, setFieldError] = useState<{ field: 'reviewerId' | 'tagId'; text: string } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget);
    const caseIds = data.getAll('caseIds').map(String);
    const isTag = submitter?.value === 'tag';
    const field = isTag ? 'tagId' : 'reviewerId';
    const target = String(data.get(field) ?? '');
    setOutcome(null);
    setFieldError(null);
    if (caseIds.length === 0) return setOutcome({ tone: 'error', text: tr('validation.selectCases') });
    if (!target) return setFieldError({ field, text: tr('validation.required') });
    startTransition(async () => {
      let result: ActionResult<{ done: number; skipped: number }>;
      try {
        result = isTag ? await bulkTagAction({ caseIds, tagId: target }) : await bulkAssignAction({ caseIds, reviewerId: target });
      } catch {
        return setOutcome({ tone: 'error', text: tr('errors.network') });
      }
      if (!result.ok) {
        const key = result.formError ?? Object.values(result.fieldErrors ?? {})[0]?.[0] ?? 'errors.UNEXPECTED';
        return setOutcome({ tone: 'error', text: tr(key as never) });
      }
      setOutcome({ tone: 'success', text: t(isTag ? 'bulkTagged' : 'bulkAssigned', result.data) });
      router.refresh();
    });
  }

  return (
    <form id="bulk-actions" onSubmit={onSubmit} noValidate aria-labelledby="bulk-actions-title" className="mt-4 rounded-md border border-slate-300 p-4" aria-busy={isPending}>
      <h2 id="bulk-actions-title" className="mb-1 text-lg font-bold">
        {t('bulkTitle')}
      </h2>
      <p className="mb-3 text-sm text-slate-700">{t('bulkHint')}</p>
      <div aria-live="polite">{outcome && <Alert tone={outcome.tone}>{outcome.text}</Alert>}</div>
      <div className="mt-2 grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-2">
          <SelectField
            label={t('bulkReviewer')}
            name="reviewerId"
            defaultValue=""
            placeholder={t('choose')}
            options={reviewers}
            error={fieldError?.field === 'reviewerId' ? fieldError.text : undefined}
          />
          <div>
            <Button type="submit" name="intent" value="assign" variant="secondary" disabled={isPending || !isHydrated}>
              {t('bulkAssign')}
            </Button>
          </div>
        </div>
        <div className="flex flex-col gap-2">
          <SelectField
            label={t('bulkTag')}
            name="tagId"
            defaultValue=""
            placeholder={t('choose')}
            options={tags}
            error={fieldError?.field === 'tagId' ? fieldError.text : undefined}
          />
          <div>
            <Button type="submit" name="intent" value="tag" variant="secondary" disabled={isPending || !isHydrated}>
              {t('bulkTagSubmit')}
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}
