'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextareaField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { useRouter } from '@/lib/i18n/navigation';
import { ADDRESSEE_MAX, PETITION_BODY_MAX, PETITION_TITLE_MAX, petitionSchema, SLUG_MAX, type PetitionInput } from '@/lib/validation/petitions';
import { createPetitionAction, updatePetitionAction } from '../actions';
import { usePetitionVersion } from './petition-version';

const languages = ['kk', 'ru', 'en'] as const;
const textFields = {
  kk: { title: 'titleKk', body: 'bodyKk' },
  ru: { title: 'titleRu', body: 'bodyRu' },
  en: { title: 'titleEn', body: 'bodyEn' },
} as const;

/** A new petition: created as a draft, then its page opens. */
export function NewPetitionForm({ defaults }: { defaults: PetitionInput }) {
  const router = useRouter();
  const state = useServerForm(petitionSchema, defaults, createPetitionAction, (data) => router.push(`/organize/petitions/${data.id}`));
  return <PetitionFields state={state} isNew />;
}

/** A draft's texts and settings, saved with the page's petition version. */
export function EditPetitionForm({ defaults }: { defaults: PetitionInput }) {
  const router = useRouter();
  const { petitionId, version, setVersion, setHasUnsavedChanges } = usePetitionVersion();
  const state = useServerForm(
    petitionSchema,
    defaults,
    (petition) => updatePetitionAction({ petitionId, version, petition }),
    (saved, form) => {
      setVersion(saved.version);
      // What was saved becomes the baseline, so opening no longer warns about unsaved edits.
      form.reset(form.getValues(), { keepIsSubmitSuccessful: true });
      router.refresh();
    },
  );
  const isDirty = state.form.formState.isDirty;
  useEffect(() => setHasUnsavedChanges(isDirty), [isDirty, setHasUnsavedChanges]);
  return <PetitionFields state={state} isNew={false} />;
}

function PetitionFields({
  state,
  isNew,
}: {
  state: Pick<ReturnType<typeof useServerForm<typeof petitionSchema, unknown>>, 'form' | 'submit' | 'isPending' | 'errorOf' | 'rootError'>;
  isNew: boolean;
}) {
  const t = useTranslations('petitions.form');
  const tc = useTranslations('common');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = state;
  const isSaved = !isNew && form.formState.isSubmitSuccessful && !form.formState.isDirty && !isPending;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-4xl flex-col gap-6" aria-busy={isPending}>
      {rootError && <Alert tone="error">{rootError}</Alert>}
      <TextField
        label={t('slug')}
        hint={t('slugHint')}
        maxLength={SLUG_MAX}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        error={errorOf('slug')}
        {...form.register('slug')}
      />
      {languages.map((lang) => (
        <fieldset key={lang} className="flex flex-col gap-4 rounded-md border border-slate-300 p-4">
          <legend className="px-1 text-lg font-bold text-slate-950">{t(`languages.${lang}`)}</legend>
          {/* lang on the controls: spell-checking and screen readers use the text's own language. */}
          <TextField label={t('title')} lang={lang} maxLength={PETITION_TITLE_MAX} error={errorOf(textFields[lang].title)} {...form.register(textFields[lang].title)} />
          <TextareaField
            label={t('body')}
            hint={t('bodyHint')}
            lang={lang}
            rows={12}
            maxLength={PETITION_BODY_MAX}
            error={errorOf(textFields[lang].body)}
            {...form.register(textFields[lang].body)}
          />
        </fieldset>
      ))}
      <TextField label={t('addressee')} hint={t('addresseeHint')} maxLength={ADDRESSEE_MAX} error={errorOf('addressee')} {...form.register('addressee')} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label={t('signatureGoal')} hint={t('signatureGoalHint')} inputMode="numeric" autoComplete="off" error={errorOf('signatureGoal')} {...form.register('signatureGoal')} />
        <TextField label={t('opensOn')} hint={t('opensOnHint')} type="date" error={errorOf('opensOn')} {...form.register('opensOn')} />
        <TextField label={t('closesOn')} hint={t('closesOnHint')} type="date" error={errorOf('closesOn')} {...form.register('closesOn')} />
      </div>
      <div>
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? tc('working') : isNew ? t('create') : t('save')}
        </Button>
      </div>
      <div aria-live="polite">{isSaved && <Alert tone="success">{t('saved')}</Alert>}</div>
    </form>
  );
}
