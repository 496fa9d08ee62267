'use client';

import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { useServerForm } from '@/components/forms/use-server-form';
import type { ActionResult } from '@/lib/actions/result';
import { useRouter } from '@/lib/i18n/navigation';

/** A workspace form: on success the page re-renders from the server with the case's new state. */
export function useReviewForm<S extends z.ZodType<FieldValues, FieldValues>, T>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
  action: (values: z.input<S>) => Promise<ActionResult<T>>,
  options: { resetOnSuccess?: boolean } = {},
) {
  const router = useRouter();
  return useServerForm(schema, defaultValues, action, (_data, form) => {
    if (options.resetOnSuccess) form.reset(defaultValues);
    router.refresh();
  });
}
