'use client';

import type { FormEventHandler, ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import type { IntakeStep } from '@/lib/validation/intake';
import { StepButtons } from './step-buttons';

/** The frame of every wizard step form: the server's form-level error, a lead, the fields, Back/Next. */
export function StepForm({
  step,
  state,
  lead,
  children,
}: {
  step: IntakeStep;
  state: { submit: FormEventHandler<HTMLFormElement>; isPending: boolean; rootError?: string; goTo: (s: IntakeStep) => void };
  lead: ReactNode;
  children: ReactNode;
}) {
  return (
    <form method="post" onSubmit={state.submit} noValidate className="flex max-w-2xl flex-col gap-5" aria-busy={state.isPending}>
      {state.rootError && <Alert tone="error">{state.rootError}</Alert>}
      {lead}
      {children}
      <StepButtons step={step} isPending={state.isPending} goTo={state.goTo} />
    </form>
  );
}
