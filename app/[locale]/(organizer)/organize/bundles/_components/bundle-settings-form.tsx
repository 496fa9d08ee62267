'use client';

import { useTranslations } from 'next-intl';
import { useServerForm } from '@/components/forms/use-server-form';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/fields';
import { TextField } from '@/components/ui/text-field';
import { useRouter } from '@/lib/i18n/navigation';
import { bundleAddressees, bundleLanguages, bundleSettingsSchema, TITLE_MAX, type BundleSettingsInput } from '@/lib/validation/bundles';
import { createBundleAction, updateBundleSettingsAction } from '../actions';
import { useBundleVersion } from './bundle-version';

type Option = { value: string; label: string };

/** Title, addressee, theme and language: creates a bundle, or saves an existing draft's settings. */
/** A new bundle: created, then the builder opens. */
export function NewBundleForm({ defaults, regions, themes }: { defaults: BundleSettingsInput; regions: Option[]; themes: Option[] }) {
  const router = useRouter();
  const state = useServerForm(bundleSettingsSchema, defaults, createBundleAction, (data) => router.push(`/organize/bundles/${data.id}`));
  return <SettingsFields state={state} regions={regions} themes={themes} isNew />;
}

/** A draft's settings, saved with the page's bundle version. */
export function BundleSettingsForm({ defaults, regions, themes }: { defaults: BundleSettingsInput; regions: Option[]; themes: Option[] }) {
  const router = useRouter();
  const { bundleId, version, setVersion } = useBundleVersion();
  const state = useServerForm(
    bundleSettingsSchema,
    defaults,
    (settings) => updateBundleSettingsAction({ bundleId, version, settings }),
    (saved) => {
      setVersion(saved.version);
      router.refresh();
    },
  );
  return <SettingsFields state={state} regions={regions} themes={themes} isNew={false} />;
}

function SettingsFields({
  state,
  regions,
  themes,
  isNew,
}: {
  state: Pick<ReturnType<typeof useServerForm<typeof bundleSettingsSchema, unknown>>, 'form' | 'submit' | 'isPending' | 'errorOf' | 'rootError'>;
  regions: Option[];
  themes: Option[];
  isNew: boolean;
}) {
  const t = useTranslations('bundles');
  const tc = useTranslations('common');
  const isHydrated = useHydrated();
  const { form, submit, isPending, errorOf, rootError } = state;
  const isSaved = !isNew && form.formState.isSubmitSuccessful && !isPending;
  const isRegional = form.watch('addressee') === 'regional_prosecutor';
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" aria-busy={isPending}>
      {rootError && <Alert tone="error" className="sm:col-span-2">{rootError}</Alert>}
      <TextField label={t('bundleTitle')} maxLength={TITLE_MAX} error={errorOf('title')} className="sm:col-span-2" {...form.register('title')} />
      <SelectField label={t('addressee')} options={bundleAddressees.map((a) => ({ value: a, label: t(`addressees.${a}`) }))} error={errorOf('addressee')} {...form.register('addressee')} />
      {isRegional && (
        <SelectField label={t('addresseeRegion')} placeholder={t('choose')} options={regions} error={errorOf('addresseeRegionCode')} {...form.register('addresseeRegionCode')} />
      )}
      <SelectField label={t('theme')} placeholder={t('noTheme')} options={themes} error={errorOf('themeTagId')} {...form.register('themeTagId')} />
      <SelectField label={t('language')} options={bundleLanguages.map((l) => ({ value: l, label: t(`languages.${l}`) }))} error={errorOf('language')} {...form.register('language')} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={isPending || !isHydrated}>
          {isPending ? tc('working') : isNew ? t('create') : t('saveSettings')}
        </Button>
      </div>
      <div aria-live="polite" className="sm:col-span-2">
        {isSaved && <Alert tone="success">{t('saved')}</Alert>}
      </div>
    </form>
  );
}
