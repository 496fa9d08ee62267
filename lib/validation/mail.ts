import { z } from 'zod';

/** "Send again" on a failed mail (admin page): the job's id. */
export const retryMailSchema = z.object({
  jobId: z.number('validation.invalid').int('validation.invalid').positive('validation.invalid').max(Number.MAX_SAFE_INTEGER, 'validation.invalid'),
});
export type RetryMailInput = z.input<typeof retryMailSchema>;
