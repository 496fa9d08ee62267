/**
 * Petition dates entered as calendar days are stored at 00:00 UTC of that day, so the day reads
 * back the same whatever the server's or the reader's time zone. Opening without a day set, and
 * closing, stamp the actual moment instead.
 */

/** A day from the form ("YYYY-MM-DD"), as stored; empty is "not set". */
export function dayToTimestamp(day: string): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

/** A stored day back into the form's "YYYY-MM-DD"; empty when not set. */
export function timestampToDay(value: Date | null): string {
  return value ? value.toISOString().slice(0, 10) : '';
}

/** Whether a stored value is a calendar day (00:00 UTC) rather than a stamped moment. */
export function isCalendarDay(value: Date): boolean {
  return value.getTime() % 86_400_000 === 0;
}

/**
 * The closing day is the last day to sign, to its end in Kazakhstan (UTC+5 across the country
 * since March 2024): a day stored at 00:00 UTC ends 19 hours later.
 */
export const CLOSING_DAY_LASTS_MS = 19 * 3600_000;

/** When signing stops for a petition whose closing day is `closesAt`. */
export function signingEndsAt(closesAt: Date): Date {
  return new Date(closesAt.getTime() + CLOSING_DAY_LASTS_MS);
}
