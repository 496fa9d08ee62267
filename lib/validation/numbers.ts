import { z } from 'zod';

/**
 * A whole number typed into a text input: digits, optionally grouped with spaces ("10 000"), or a
 * number the client already parsed (both pass the same checks). Out of [min, max]: `rangeMessage`.
 */
export function wholeNumberField(min: number, max: number, rangeMessage: string) {
  return z.union([z.string(), z.number()], 'validation.required').transform((v, ctx) => {
    const digits = String(v).replace(/[\s\u00a0\u202f]/g, '');
    if (digits === '') {
      ctx.addIssue({ code: 'custom', message: 'validation.required' });
      return z.NEVER;
    }
    if (!/^\d+$/.test(digits)) {
      ctx.addIssue({ code: 'custom', message: 'validation.wholeNumber' });
      return z.NEVER;
    }
    const value = Number(digits);
    if (value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: rangeMessage });
      return z.NEVER;
    }
    return value;
  });
}
