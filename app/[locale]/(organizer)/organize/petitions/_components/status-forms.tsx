'use client';

import { useTranslations } from 'next-intl';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/fields';
import type { ActionResult } from '@/lib/actions/result';
import { useRouter } from '@/lib/i18n/navigation';
import type { Saved } from '@/lib/petitions/mutations';
import { petitionStatusChangeSchema, type PetitionStatusChangeInput } from '@/lib/validation/petitions';
import { closePetitionAction, openPetitionAction } from '../actions';
import { usePetitionVersion } from './petition-version';

/** A status change behind an explicit confirmation, sent with the page's petition version. */
function StatusChangeForm({
  action,
  hint,
  confirmLabel,
  submitLabel,
  blockedBy,
  testId,
}: {
  action: (input: PetitionStatusChangeInput) => Promise<ActionResult<Saved>>;
  hint: string;
  confirmLabel: string;
  submitLabel: string;
  /** Why the change cannot be made right now, shown in place of a working button. */
  blockedBy?: string;
  testId: string;
}) {
  const router = useRouter();
  const isHydrated = useHydrated();
  const { petitionId, version, setVersion } = usePetitionVersion();
  const { form, submit, isPending, errorOf, rootError } = useServerForm(
    petitionStatusChangeSchema,
    { petitionId, version, isConfirmed: false as unknown as true },
    (input) => action({ ...input, version }),
    (saved) => {
      setVersion(saved.version);
      router.refresh();
    },
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3" aria-busy={isPending} data-testid={testId}>
      <p>{hint}</p>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <CheckboxField label={confirmLabel} error={errorOf('isConfirmed')} {...form.register('isConfirmed')} />
      <div aria-live="polite">{blockedBy && <Alert>{blockedBy}</Alert>}</div>
      <div>
        <Button type="submit" disabled={isPending || !isHydrated || !!blockedBy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** Opens the draft for signatures, once the draft form holds no unsaved edits. */
export function OpenPetitionForm() {
  const t = useTranslations('petitions.detail');
  const { hasUnsavedChanges } = usePetitionVersion();
  return (
    <StatusChangeForm
      action={openPetitionAction}
      hint={t('openHint')}
      confirmLabel={t('openConfirm')}
      submitLabel={t('openSubmit')}
      // The petition opens with its saved text: edits still in the form would silently not be in it.
      blockedBy={hasUnsavedChanges ? t('saveFirst') : undefined}
      testId="open-form"
    />
  );
}

export function ClosePetitionForm() {
  const t = useTranslations('petitions.detail');
  return <StatusChangeForm action={closePetitionAction} hint={t('closeHint')} confirmLabel={t('closeConfirm')} submitLabel={t('closeSubmit')} testId="close-form" />;
}
