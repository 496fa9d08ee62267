'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { useRouter } from '@/lib/i18n/navigation';
import { setCaseTagAction } from '../../../actions';

/** The case's themes: each checkbox saves at once. */
export function TagEditor({ caseId, tags }: { caseId: string; tags: { id: string; label: string; isOn: boolean }[] }) {
  const t = useTranslations();
  const router = useRouter();
  const isHydrated = useHydrated();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState(() => Object.fromEntries(tags.map((tag) => [tag.id, tag.isOn])));

  function toggle(tagId: string, isOn: boolean) {
    setState((s) => ({ ...s, [tagId]: isOn }));
    setError(null);
    startTransition(async () => {
      try {
        const result = await setCaseTagAction({ caseId, tagId, isOn });
        if (!result.ok) throw new Error(result.formError ?? 'errors.UNEXPECTED');
        router.refresh();
      } catch (e) {
        setState((s) => ({ ...s, [tagId]: !isOn }));
        setError(e instanceof Error && e.message.startsWith('errors.') ? e.message : 'errors.network');
      }
    });
  }

  if (tags.length === 0) return <p>{t('review.noTags')}</p>;
  return (
    <fieldset className="flex flex-col gap-2" aria-busy={isPending}>
      <legend className="mb-1 font-semibold">{t('review.tagsLegend')}</legend>
      {error && <Alert tone="error">{t(error as never)}</Alert>}
      <div className="grid gap-2 sm:grid-cols-2">
        {tags.map((tag) => (
          <label key={tag.id} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-300 px-3 py-2">
            <input type="checkbox" className="size-5" checked={state[tag.id] ?? false} disabled={!isHydrated} onChange={(e) => toggle(tag.id, e.target.checked)} />
            <span>{tag.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
