import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';
import type { AuditFilter } from '@/lib/validation/audit';
import { verifyAuditChain, type AuditChainResult } from './chain';
import { recordAudit } from './record';

export type AuditRow = {
  id: number;
  createdAt: Date;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  recordType: string | null;
  recordId: string | null;
  data: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
};

/** The days of the filter are Kazakhstan's (Asia/Almaty, UTC+5), like every date the portal shows. */
const TIME_ZONE = 'Asia/Almaty';

/** `%` and `_` typed into the search are letters, not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE clause of a filter; shared by the page and the CSV export so both show the same events. */
export function auditFilterWhere(filter: AuditFilter): SQL | undefined {
  const actorPattern = filter.actor ? `%${escapeLike(filter.actor)}%` : undefined;
  return and(
    filter.event ? eq(auditEvents.id, filter.event) : undefined,
    actorPattern
      ? sql`${auditEvents.actorId} in (select u.id from users u where u.email ilike ${actorPattern} or u.name ilike ${actorPattern})`
      : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.recordType ? eq(auditEvents.recordType, filter.recordType) : undefined,
    filter.recordId ? eq(auditEvents.recordId, filter.recordId) : undefined,
    filter.from ? sql`${auditEvents.createdAt} >= (${filter.from}::date)::timestamp at time zone ${TIME_ZONE}` : undefined,
    filter.to ? sql`${auditEvents.createdAt} < (${filter.to}::date + 1)::timestamp at time zone ${TIME_ZONE}` : undefined,
  );
}

export const auditRowColumns = {
  id: auditEvents.id,
  createdAt: auditEvents.createdAt,
  action: auditEvents.action,
  actorId: auditEvents.actorId,
  actorName: users.name,
  actorEmail: users.email,
  recordType: auditEvents.recordType,
  recordId: auditEvents.recordId,
  data: auditEvents.data,
  prevHash: auditEvents.prevHash,
  hash: auditEvents.hash,
};

/** A page of the audit log, newest first, for admins. */
export async function listAuditEvents(user: CurrentUser | null, filter: AuditFilter = {}, page = 1, db: Db = getDb()): Promise<Page<AuditRow>> {
  assertCan(user, 'audit.view');
  const where = auditFilterWhere(filter);
  const [rows, [count]] = await Promise.all([
    db
      .select(auditRowColumns)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(where)
      .orderBy(desc(auditEvents.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where),
  ]);
  return pageOf(
    rows.map((row) => ({ ...row, id: Number(row.id) })),
    count?.n ?? 0,
    page,
  );
}

/**
 * The distinct values of an indexed column, one index probe each (a "loose index scan"; a plain
 * DISTINCT would read the whole index), for the filter's selects.
 */
async function distinctValues(db: Db, column: 'action' | 'record_type'): Promise<string[]> {
  const name = sql.identifier(column);
  const result = await db.execute<{ value: string }>(sql`
    with recursive found(value) as (
      (select ${name} from audit_events where ${name} is not null order by ${name} limit 1)
      union all
      select (select ${name} from audit_events where ${name} > found.value order by ${name} limit 1)
      from found where found.value is not null
    )
    select value from found where value is not null`);
  return result.rows.map((row) => row.value);
}

/** The actions and record types that occur in the log, for the filter's selects. */
export async function listAuditVocabulary(user: CurrentUser | null, db: Db = getDb()): Promise<{ actions: string[]; recordTypes: string[] }> {
  assertCan(user, 'audit.view');
  const [actions, recordTypes] = await Promise.all([distinctValues(db, 'action'), distinctValues(db, 'record_type')]);
  return { actions, recordTypes };
}

/**
 * An admin checks the hash chain of the whole log (see lib/audit/chain.ts). The check itself is
 * audited with its outcome, so a log that was found broken says so in its own record.
 */
export async function checkAuditChain(user: CurrentUser | null, ctx: { ip?: string | null; db?: Db; batch?: number } = {}): Promise<AuditChainResult> {
  assertCan(user, 'audit.view');
  const db = ctx.db ?? getDb();
  const result = await verifyAuditChain(db, { batch: ctx.batch });
  await recordAudit(db, {
    actorId: user.id,
    ip: ctx.ip,
    action: 'audit.verified',
    data: result.ok ? { ok: true, checked: result.checked } : { ok: false, checked: result.checked, eventId: result.eventId, reason: result.reason },
  });
  return result;
}
