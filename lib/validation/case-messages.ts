import { z } from 'zod';

export const MESSAGE_MAX = 5000;

export const postMessageSchema = z.object({
  caseId: z.string().uuid('validation.invalid'),
  body: z.string('validation.required').trim().min(1, 'validation.messageEmpty').max(MESSAGE_MAX, 'validation.messageTooLong'),
});
export type PostMessageInput = z.input<typeof postMessageSchema>;

export const withdrawCaseSchema = z.object({
  caseId: z.string().uuid('validation.invalid'),
  isConfirmed: z.literal(true, 'validation.confirmWithdraw'),
});
export type WithdrawCaseInput = z.input<typeof withdrawCaseSchema>;
