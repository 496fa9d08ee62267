'use client';

import clsx from 'clsx';
import { forwardRef, useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, type InputHTMLAttributes } from 'react';

/** Ids for a field's hint and error, joined for aria-describedby. */
function useDescribedBy(id: string | undefined, hint?: ReactNode, error?: string) {
  const generated = useId();
  const fieldId = id ?? generated;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  return { fieldId, hintId, errorId, describedBy: [errorId, hintId].filter(Boolean).join(' ') || undefined };
}

function Hint({ id, children }: { id?: string; children: ReactNode }) {
  return id ? (
    <p id={id} className="text-sm text-slate-700">
      {children}
    </p>
  ) : null;
}

function ErrorText({ id, children }: { id?: string; children?: string }) {
  return id ? (
    <p id={id} className="text-sm font-semibold text-red-800">
      {children}
    </p>
  ) : null;
}

const control = (error?: string) =>
  clsx('min-h-11 w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900', error ? 'border-red-700' : 'border-slate-500');

type Common = { label: string; hint?: ReactNode; error?: string; className?: string };

export const SelectField = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement> & Common & { options: { value: string; label: string }[]; placeholder?: string }>(
  function SelectField({ label, hint, error, className, id, options, placeholder, ...props }, ref) {
    const { fieldId, hintId, errorId, describedBy } = useDescribedBy(id, hint, error);
    return (
      <div className={clsx('flex flex-col gap-1', className)}>
        <label htmlFor={fieldId} className="font-semibold text-slate-900">
          {label}
        </label>
        <Hint id={hintId}>{hint}</Hint>
        <select ref={ref} id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={control(error)} {...props}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <ErrorText id={errorId}>{error}</ErrorText>
      </div>
    );
  },
);

export const TextareaField = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement> & Common & { footer?: ReactNode }>(
  function TextareaField({ label, hint, error, className, id, footer, ...props }, ref) {
    const { fieldId, hintId, errorId, describedBy } = useDescribedBy(id, hint, error);
    return (
      <div className={clsx('flex flex-col gap-1', className)}>
        <label htmlFor={fieldId} className="font-semibold text-slate-900">
          {label}
        </label>
        <Hint id={hintId}>{hint}</Hint>
        <textarea ref={ref} id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={control(error)} {...props} />
        {footer}
        <ErrorText id={errorId}>{error}</ErrorText>
      </div>
    );
  },
);

/** Radio buttons in a fieldset whose legend is the question. */
export function RadioGroupField({
  legend,
  hint,
  error,
  options,
  inputProps,
  className,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  inputProps: InputHTMLAttributes<HTMLInputElement>;
  className?: string;
}) {
  const { fieldId, hintId, errorId, describedBy } = useDescribedBy(undefined, hint, error);
  return (
    <fieldset className={clsx('flex flex-col gap-2', className)} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend className="mb-1 font-semibold text-slate-900">{legend}</legend>
      <Hint id={hintId}>{hint}</Hint>
      {options.map((o) => (
        <label key={o.value} htmlFor={`${fieldId}-${o.value}`} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-300 px-3 py-2">
          <input id={`${fieldId}-${o.value}`} type="radio" value={o.value} className="size-5 shrink-0" {...inputProps} />
          <span>{o.label}</span>
        </label>
      ))}
      <ErrorText id={errorId}>{error}</ErrorText>
    </fieldset>
  );
}

/** Checkboxes for a multi-select, in a fieldset. */
export function CheckboxGroupField({
  legend,
  hint,
  error,
  options,
  inputProps,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  inputProps: InputHTMLAttributes<HTMLInputElement>;
}) {
  const { fieldId, hintId, errorId, describedBy } = useDescribedBy(undefined, hint, error);
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={describedBy}>
      <legend className="mb-1 font-semibold text-slate-900">{legend}</legend>
      <Hint id={hintId}>{hint}</Hint>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label key={o.value} htmlFor={`${fieldId}-${o.value}`} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-300 px-3 py-2">
            <input id={`${fieldId}-${o.value}`} type="checkbox" value={o.value} className="size-5 shrink-0" {...inputProps} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <ErrorText id={errorId}>{error}</ErrorText>
    </fieldset>
  );
}

export const CheckboxField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & Common>(function CheckboxField(
  { label, hint, error, className, id, ...props },
  ref,
) {
  const { fieldId, hintId, errorId, describedBy } = useDescribedBy(id, hint, error);
  return (
    <div className={clsx('flex flex-col gap-1', className)}>
      <label htmlFor={fieldId} className="flex min-h-11 items-start gap-3 rounded-md border border-slate-300 px-3 py-2">
        <input ref={ref} id={fieldId} type="checkbox" aria-describedby={describedBy} className="mt-1 size-5 shrink-0" {...props} />
        <span className="font-semibold text-slate-900">{label}</span>
      </label>
      <Hint id={hintId}>{hint}</Hint>
      <ErrorText id={errorId}>{error}</ErrorText>
    </div>
  );
});
