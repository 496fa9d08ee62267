import { z } from 'zod';
import { caseKindValues } from '@/lib/cases/vocabulary';

// The insights page's filters, from the URL (a GET form). Nothing here may fail the page: a
// malformed date is dropped from the filter and reported beside its field, an unknown kind is
// ignored (a select cannot produce one; only an edited link can).

export type CaseKindFilter = (typeof caseKindValues)[number];

/** The filter the queries apply: submission dates (inclusive calendar days, YYYY-MM-DD) and kind. */
export type InsightsFilter = { from?: string; to?: string; kind?: CaseKindFilter };
export type InsightsFilterField = 'from' | 'to';

export type ParsedInsightsFilter = {
  filter: InsightsFilter;
  /** What the visitor typed, to put back into the fields (bounded, never interpreted). */
  values: { from: string; to: string; kind: string };
  /** Message keys (e.g. `validation.dateInvalid`) per field. */
  errors: Partial<Record<InsightsFilterField, string>>;
};

/** Bounds keep every accepted day a valid PostgreSQL date and a plausible submission date. */
const FIRST_DAY = '2000-01-01';
const LAST_DAY = '2099-12-31';

export const insightsDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.dateInvalid')
  .refine((v) => {
    // Round-tripping through Date rejects days that do not exist (2026-02-30).
    const parsed = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v;
  }, 'validation.dateInvalid')
  .refine((v) => v >= FIRST_DAY && v <= LAST_DAY, 'validation.dateInvalid');

const kindSchema = z.enum(caseKindValues);

/**
 * A from–to period of calendar days typed into a filter form: the valid days, and a message key
 * beside each field that is not one (`to` before `from` gets `toBeforeFromKey` and is dropped).
 */
export function parsePeriod(
  values: { from: string; to: string },
  errors: { from?: string; to?: string },
  toBeforeFromKey: string,
): { from?: string; to?: string } {
  const period: { from?: string; to?: string } = {};
  for (const field of ['from', 'to'] as const) {
    if (!values[field]) continue;
    const result = insightsDaySchema.safeParse(values[field]);
    if (result.success) period[field] = result.data;
    else errors[field] = result.error.issues[0]?.message ?? 'validation.dateInvalid';
  }
  if (period.from && period.to && period.to < period.from) {
    errors.to = toBeforeFromKey;
    delete period.to;
  }
  return period;
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim().slice(0, 40);

/** Search params as Next gives them (a repeated key is an array: the first value wins). */
export function parseInsightsFilter(params: Record<string, string | string[] | undefined>): ParsedInsightsFilter {
  const values = { from: first(params.from), to: first(params.to), kind: first(params.kind) };
  const filter: InsightsFilter = {};
  const errors: ParsedInsightsFilter['errors'] = {};
  Object.assign(filter, parsePeriod(values, errors, 'insights.filters.toBeforeFrom'));
  const kind = kindSchema.safeParse(values.kind);
  if (kind.success) filter.kind = kind.data;
  return { filter, values, errors };
}
