'use client';

import { useRef } from 'react';
import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { useServerForm } from '@/components/forms/use-server-form';
import { useRouter } from '@/lib/i18n/navigation';
import { intakeSteps, stepSchemas, type FormStep, type IntakeStep } from '@/lib/validation/intake';
import { saveStepAction } from '../actions';

/**
 * A wizard step: the step's zod schema on the client, saved through the server action (which
 * re-checks it) when the applicant moves back or on. Errors come back beside their fields.
 */
export function useStepForm<S extends FormStep>(step: S, caseId: string, defaultValues: DefaultValues<z.input<(typeof stepSchemas)[S]>>) {
  const router = useRouter();
  const target = useRef<IntakeStep>(intakeSteps[intakeSteps.indexOf(step) + 1]!);
  const schema = stepSchemas[step] as unknown as z.ZodType<FieldValues, FieldValues>;
  const server = useServerForm(
    schema,
    defaultValues as never,
    async (values) => {
      const result = await saveStepAction({ step, caseId, values } as never);
      if (result.ok || !result.fieldErrors) return result;
      // The action validated { step, caseId, values }: point errors at the form's own fields.
      const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k.replace(/^values\./, ''), v]));
      return { ...result, fieldErrors };
    },
    () => router.push(`/my/cases/new?case=${caseId}&step=${target.current}`),
  );
  const goTo = (next: IntakeStep) => {
    target.current = next;
  };
  return { ...server, goTo };
}
