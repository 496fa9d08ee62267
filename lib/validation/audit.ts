import { z } from 'zod';
import { parsePeriod } from './insights';

// The audit log's filters, from the URL (a GET form, a shared link, the export's query). Nothing
// here fails the page: a malformed date is dropped and reported beside its field; any other odd
// value is ignored, as only an edited link can produce one.

/**
 * What the queries apply. `from`/`to`: inclusive calendar days (YYYY-MM-DD) in Kazakhstan's time
 * (Asia/Almaty). `actor`: part of a name or e-mail. `event`: one event, by id (the chain check
 * links to the first broken one).
 */
export type AuditFilter = {
  actor?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  from?: string;
  to?: string;
  event?: number;
};
export type AuditFilterField = 'from' | 'to';

export type ParsedAuditFilter = {
  filter: AuditFilter;
  /** What the visitor typed, to put back into the fields (bounded, never interpreted). */
  values: Record<'actor' | 'action' | 'recordType' | 'recordId' | 'from' | 'to', string>;
  errors: Partial<Record<AuditFilterField, string>>;
  page: number;
};

export const AUDIT_ACTOR_MAX = 100;
export const AUDIT_RECORD_ID_MAX = 100;

const actionSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+){0,3}$/).max(80);
const recordTypeSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const eventSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const pageSchema = z.coerce.number().int().min(1).max(100_000);

const first = (value: string | string[] | undefined, max: number): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim().slice(0, max);

/** Search params as Next gives them (a repeated key is an array: the first value wins). */
export function parseAuditFilter(params: Record<string, string | string[] | undefined>): ParsedAuditFilter {
  const values = {
    actor: first(params.actor, AUDIT_ACTOR_MAX),
    action: first(params.action, 80),
    recordType: first(params.recordType, 40),
    recordId: first(params.recordId, AUDIT_RECORD_ID_MAX),
    from: first(params.from, 40),
    to: first(params.to, 40),
  };
  const filter: AuditFilter = {};
  const errors: ParsedAuditFilter['errors'] = {};
  // U+0000 cannot reach PostgreSQL (the query would fail): such a value is ignored like any odd one.
  if (values.actor && !values.actor.includes('\u0000')) filter.actor = values.actor;
  if (actionSchema.safeParse(values.action).success) filter.action = values.action;
  if (recordTypeSchema.safeParse(values.recordType).success) filter.recordType = values.recordType;
  if (values.recordId && !values.recordId.includes('\u0000')) filter.recordId = values.recordId;
  Object.assign(filter, parsePeriod(values, errors, 'audit.filters.toBeforeFrom'));
  const event = eventSchema.safeParse(first(params.event, 20) || undefined);
  if (event.success) filter.event = event.data;
  const page = pageSchema.safeParse(first(params.page, 10) || undefined);
  return { filter, values, errors, page: page.success ? page.data : 1 };
}

/** The filter as URL query values (empty ones left out), for pagination and the export link. */
export function auditFilterQuery(filter: AuditFilter): Record<string, string> {
  const query: Record<string, string | undefined> = {
    actor: filter.actor,
    action: filter.action,
    recordType: filter.recordType,
    recordId: filter.recordId,
    from: filter.from,
    to: filter.to,
    event: filter.event ? String(filter.event) : undefined,
  };
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
