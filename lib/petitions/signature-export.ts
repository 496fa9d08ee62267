import 'server-only';
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { signatures } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import type { Locale } from '@/lib/i18n/locales';
import { translatorFor } from '@/lib/i18n/catalogs';
import { regionName } from '@/lib/reference/names';
import { spreadsheetText } from '@/lib/csv';
import { getPetitionForOrganizer } from './queries';

/** Rows per query: a few hundred kilobytes of CSV, so memory stays flat whatever the petition's size. */
export const SIGNATURE_EXPORT_BATCH = 2_000;

type ExportOptions = {
  ip?: string | null;
  /** The language of the header, the region names and yes/no. */
  locale: Locale;
  db?: Db;
  /** Smaller batches let tests cross page boundaries with a handful of rows. */
  batchSize?: number;
};

/** A streaming CSV download, ready for a Response. */
export type SignatureExport = { filename: string; contentType: string; rows: number; body: ReadableStream<Uint8Array> };

/** Today in Kazakhstan, for the file name. */
const almatyDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

type Cursor = { confirmedAt: string; id: string };

/**
 * The petition's confirmed signatures as a CSV (UTF-8 with a BOM so Excel reads the Cyrillic
 * right), for its organizers. The export is audited before the first byte: personal data that has
 * started to leave is disclosed even if the download is interrupted. It covers the signatures
 * confirmed when it began, so the audited row count is the file's; rows are read in keyset order
 * (confirmed_at, id), one batch per pull of the response, never all at once.
 */
export async function exportSignatures(user: CurrentUser | null, petitionId: string, options: ExportOptions): Promise<SignatureExport> {
  assertCan(user, 'petition.manage');
  const db = options.db ?? getDb();
  const petition = await getPetitionForOrganizer(user, petitionId, db);
  const confirmed = and(eq(signatures.petitionId, petition.id), isNotNull(signatures.confirmedAt));
  // The database's clock, as text: microseconds survive, which a JS Date would round away.
  const [snapshot] = await db
    .select({ rows: sql<number>`count(*)::int`, asOf: sql<string>`now()::text` })
    .from(signatures)
    .where(and(confirmed, sql`${signatures.confirmedAt} <= now()`));
  const { rows, asOf } = snapshot!;
  await recordAudit(db, {
    actorId: user.id,
    ip: options.ip,
    action: 'petition.signatures_exported',
    recordType: 'petition',
    recordId: petition.id,
    data: { slug: petition.slug, rows, locale: options.locale },
  });

  const batchSize = options.batchSize ?? SIGNATURE_EXPORT_BATCH;
  const t = translatorFor(options.locale);
  const yes = t('petitions.signatures.csv.yes');
  const no = t('petitions.signatures.csv.no');
  const encoder = new TextEncoder();
  const csv = (records: string[][], bom = false) => stringify(records, { bom, record_delimiter: 'windows' });
  let pending = csv(
    [[t('petitions.signatures.csv.name'), t('petitions.signatures.csv.email'), t('petitions.signatures.csv.region'), t('petitions.signatures.csv.isPublic'), t('petitions.signatures.csv.confirmedAt')]],
    true,
  );
  let cursor: Cursor | null = null;

  const nextBatch = () =>
    db
      .select({
        id: signatures.id,
        name: signatures.name,
        email: signatures.email,
        regionCode: signatures.regionCode,
        isPublic: signatures.isPublic,
        confirmedAt: signatures.confirmedAt,
        cursorAt: sql<string>`${signatures.confirmedAt}::text`,
      })
      .from(signatures)
      .where(
        and(
          confirmed,
          sql`${signatures.confirmedAt} <= ${asOf}::timestamptz`,
          cursor ? sql`(${signatures.confirmedAt}, ${signatures.id}) > (${cursor.confirmedAt}::timestamptz, ${cursor.id}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(signatures.confirmedAt), asc(signatures.id))
      .limit(batchSize);

  // Pulled by the response: the next batch is read only when the client has taken the last.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const batch = await nextBatch();
          const chunk =
            pending +
            csv(batch.map((s) => [spreadsheetText(s.name), spreadsheetText(s.email ?? ''), regionName(s.regionCode, options.locale), s.isPublic ? yes : no, s.confirmedAt!.toISOString()]));
          pending = '';
          if (chunk) controller.enqueue(encoder.encode(chunk));
          const last = batch.at(-1);
          if (!last || batch.length < batchSize) controller.close();
          else cursor = { confirmedAt: last.cursorAt, id: last.id };
        } catch (error) {
          console.error('Signature export failed:', error instanceof Error ? error.message : 'unknown error');
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { filename: `signatures-${petition.slug}-${almatyDay(new Date())}.csv`, contentType: 'text/csv; charset=utf-8', rows, body };
}
