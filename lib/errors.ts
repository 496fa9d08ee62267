/** Error codes the UI knows how to show. `messageKey` is a key in messages/*.json. */
export type AppErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'RATE_LIMITED';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly messageKey: string = `errors.${code}`,
    /** The form field the error belongs to, when it belongs to one. */
    readonly field?: string,
    /** For refusals: the permission that was missing, recorded in the audit log. */
    readonly permission?: string,
    /** Values for the message, e.g. `{ minutes }` in "try again in {minutes} minutes". */
    readonly values?: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
