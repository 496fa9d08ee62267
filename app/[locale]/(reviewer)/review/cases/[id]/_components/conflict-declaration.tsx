'use client';

import { useTranslations } from 'next-intl';
import type { UseFormRegister } from 'react-hook-form';
import { CheckboxField, TextareaField } from '@/components/ui/fields';
import { COMMENT_MAX } from '@/lib/validation/review';

type Declaration = { hasNoConflict: true; conflictComment?: string };

/** The no-conflict-of-interest box and its optional comment, for claiming and for a later declaration. */
export function ConflictDeclarationFields({
  register,
  errorOf,
}: {
  register: UseFormRegister<Declaration>;
  errorOf: (field: 'hasNoConflict' | 'conflictComment') => string | undefined;
}) {
  const t = useTranslations('review');
  return (
    <>
      <CheckboxField label={t('noConflict')} hint={t('noConflictHint')} error={errorOf('hasNoConflict')} {...register('hasNoConflict')} />
      <TextareaField label={t('conflictComment')} rows={2} maxLength={COMMENT_MAX} error={errorOf('conflictComment')} {...register('conflictComment')} />
    </>
  );
}
