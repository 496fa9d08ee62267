import 'server-only';
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { spreadsheetText } from '@/lib/csv';
import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import type { AuditFilter } from '@/lib/validation/audit';
import { auditFilterWhere } from './queries';
import { recordAudit } from './record';

/** Events per query: a few hundred kilobytes of CSV, so memory stays flat whatever the log's size. */
export const AUDIT_EXPORT_BATCH = 2_000;

export type AuditExport = { filename: string; contentType: string; rows: number; body: ReadableStream<Uint8Array> };

type ExportOptions = {
  ip?: string | null;
  /** The language of the header row. */
  locale: Locale;
  db?: Db;
  /** Smaller batches let tests cross batch boundaries with a handful of rows. */
  batchSize?: number;
};

const almatyDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/**
 * The events matching `filter` as CSV (UTF-8 with a BOM, for Excel), oldest first, for admins.
 * Every column the chain's hash covers is included, time in UTC with microseconds as hashed, so
 * an unfiltered export can be checked outside the portal. The export is audited before the first
 * byte (the log leaves the building even if the download breaks off) and covers the events that
 * existed when it began: the audited row count is the file's. Rows are read in keyset batches,
 * one per pull of the response.
 */
export async function exportAuditEvents(user: CurrentUser | null, filter: AuditFilter, options: ExportOptions): Promise<AuditExport> {
  assertCan(user, 'audit.view');
  const db = options.db ?? getDb();
  const where = auditFilterWhere(filter);
  const [snapshot] = await db
    .select({ rows: sql<number>`count(*)::int`, lastId: sql<string | null>`max(${auditEvents.id})::text` })
    .from(auditEvents)
    .where(where);
  const rows = snapshot?.rows ?? 0;
  const lastId = Number(snapshot?.lastId ?? 0);
  await recordAudit(db, { actorId: user.id, ip: options.ip, action: 'audit.exported', data: { filter, rows } });

  const batchSize = options.batchSize ?? AUDIT_EXPORT_BATCH;
  const t = translatorFor(options.locale);
  const encoder = new TextEncoder();
  const csv = (records: string[][], bom = false) => stringify(records, { bom, record_delimiter: 'windows' });
  const columns = ['id', 'createdAt', 'actorId', 'actorName', 'actorEmail', 'actorIpHash', 'action', 'recordType', 'recordId', 'data', 'prevHash', 'hash'] as const;
  let pending = csv([columns.map((c) => t(`audit.csv.${c}`))], true);
  let cursor = 0;
  const isEmpty = rows === 0;

  const nextBatch = () =>
    db
      .select({
        id: sql<string>`${auditEvents.id}::text`,
        createdAt: sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        actorId: auditEvents.actorId,
        actorName: users.name,
        actorEmail: users.email,
        actorIpHash: auditEvents.actorIpHash,
        action: auditEvents.action,
        recordType: auditEvents.recordType,
        recordId: auditEvents.recordId,
        // jsonb's own text: the form the hash was computed over.
        data: sql<string>`${auditEvents.data}::text`,
        prevHash: auditEvents.prevHash,
        hash: auditEvents.hash,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(where, sql`${auditEvents.id} > ${cursor}`, sql`${auditEvents.id} <= ${lastId}`))
      .orderBy(asc(auditEvents.id))
      .limit(batchSize);

  // Pulled by the response: the next batch is read only when the client has taken the last.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const batch = isEmpty ? [] : await nextBatch();
          const chunk = pending + csv(batch.map((row) => columns.map((c) => spreadsheetText(row[c] ?? ''))));
          pending = '';
          if (chunk) controller.enqueue(encoder.encode(chunk));
          const last = batch.at(-1);
          if (!last || batch.length < batchSize) controller.close();
          else cursor = Number(last.id);
        } catch (error) {
          console.error('Audit export failed:', error instanceof Error ? error.message : 'unknown error');
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { filename: `audit-${almatyDay(new Date())}.csv`, contentType: 'text/csv; charset=utf-8', rows, body };
}
