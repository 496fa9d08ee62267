'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';

/**
 * react-hook-form with the shared zod schema, submitting to a server action. Server field
 * errors land beside their fields with focus on the first; a failed request keeps every value.
 */
export function useServerForm<S extends z.ZodType<FieldValues, FieldValues>, T>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
  action: (values: z.input<S>) => Promise<ActionResult<T>>,
  onSuccess: (data: T, form: UseFormReturn<z.input<S>, unknown, z.output<S>>) => void,
) {
  const t = useTranslations();
  const [isPending, startTransition] = useTransition();
  // Values for the form-level message (e.g. the minutes before a rate limit lets go).
  const [rootValues, setRootValues] = useState<Record<string, string | number> | undefined>();
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    mode: 'onSubmit',
  });

  const submit = form.handleSubmit((values) => {
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await action(values as z.input<S>);
      } catch {
        form.setError('root.serverError', { message: 'errors.network' });
        return;
      }
      if (result.ok) return onSuccess(result.data, form);
      let isFirst = true;
      for (const [field, keys] of Object.entries(result.fieldErrors ?? {})) {
        form.setError(field as Path<z.input<S>>, { message: keys[0] }, { shouldFocus: isFirst });
        isFirst = false;
      }
      if (result.formError) {
        setRootValues(result.formErrorValues);
        form.setError('root.serverError', { message: result.formError });
      }
    });
  });

  /** The translated error of a field, for <TextField error=…>. */
  const errorOf = (field: Path<z.input<S>>): string | undefined => {
    const message = form.getFieldState(field, form.formState).error?.message;
    return message ? t(message as never) : undefined;
  };
  const rootError = form.formState.errors.root?.serverError?.message;

  return { form, submit, isPending, errorOf, rootError: rootError ? t(rootError as never, rootValues as never) : undefined };
}
