import { Slot } from '@radix-ui/react-slot';
import clsx from 'clsx';
import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'ghost';

const variants: Record<Variant, string> = {
  primary: 'bg-blue-800 text-white hover:bg-blue-900 disabled:bg-slate-500',
  secondary: 'border border-slate-400 bg-white text-slate-900 hover:bg-slate-100',
  ghost: 'text-slate-900 underline-offset-4 hover:underline',
};

export function buttonClass(variant: Variant = 'primary', className?: string): string {
  return clsx(
    'inline-flex min-h-11 items-center justify-center gap-2 rounded-md px-4 py-2 text-base font-semibold disabled:cursor-not-allowed',
    variants[variant],
    className,
  );
}

export function Button({
  variant = 'primary',
  asChild = false,
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; asChild?: boolean }) {
  const Component = asChild ? Slot : 'button';
  return <Component className={buttonClass(variant, className)} {...props} />;
}
