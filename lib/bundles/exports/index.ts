import 'server-only';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { makeZip, predictLength } from 'client-zip';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetText } from '@/lib/csv';
import { and, asc, desc, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { bundleDocuments, bundleExports, bundlePetitions, bundles, documents, type Bundle, type BundleSnapshot } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { isUuid } from '@/lib/validation/ids';
import { AppError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/catalogs';
import { caseKindName, groundName, regionName } from '@/lib/reference/names';
import { getStorage } from '@/lib/storage';
import { canonicalManifest } from '../bundles';
import { petitionOfSnapshot } from '../petition';
import { petitionContent } from './content';
import { renderPetitionDocx } from './docx';
import { renderPetitionPdf } from './pdf';
import { verifiedStream } from '@/lib/documents/verified-stream';

export const exportFormats = ['pdf', 'docx', 'zip', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

type RequestContext = { ip?: string | null; db?: Db };

/** A finished or streaming export, ready for a Response. */
export type ExportFile = { filename: string; contentType: string; length: number; body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> };

/** A frozen document that is gone from storage: the export names it instead of producing a partial file. */
export type MissingDocument = { caseReference: string; path: string; kind: string };

export class MissingDocumentsError extends AppError {
  constructor(readonly missing: MissingDocument[]) {
    super('CONFLICT', 'bundles.export.missing');
  }
}

type FrozenDocument = typeof bundleDocuments.$inferSelect & { storageKey: string; caseReference: string };
type Frozen = { bundle: Bundle & { snapshot: BundleSnapshot }; documents: FrozenDocument[] };

/** A finalized (or later) bundle with its frozen documents; drafts have nothing to export. */
async function loadFrozen(db: Db, user: CurrentUser | null, bundleId: string): Promise<Frozen> {
  assertCan(user, 'bundle.manage');
  if (!isUuid(bundleId)) throw new AppError('NOT_FOUND');
  const [bundle] = await db.select().from(bundles).where(eq(bundles.id, bundleId));
  if (!bundle) throw new AppError('NOT_FOUND');
  if (bundle.status === 'draft' || !bundle.snapshot) throw new AppError('CONFLICT', 'bundles.export.notFinalized');
  const referenceOf = new Map(bundle.snapshot.cases.map((c) => [c.caseId, c.reference]));
  const rows = await db
    .select({ frozen: bundleDocuments, storageKey: documents.storageKey })
    .from(bundleDocuments)
    .innerJoin(documents, eq(documents.id, bundleDocuments.documentId))
    .where(eq(bundleDocuments.bundleId, bundle.id))
    .orderBy(asc(bundleDocuments.position));
  return {
    bundle: bundle as Frozen['bundle'],
    documents: rows.map((r) => ({ ...r.frozen, storageKey: r.storageKey, caseReference: referenceOf.get(r.frozen.caseId) ?? '' })),
  };
}

/** The frozen documents whose stored file is gone (checked before any export starts). */
export async function findMissingDocuments(user: CurrentUser | null, bundleId: string, db: Db = getDb()): Promise<MissingDocument[]> {
  const { documents: docs } = await loadFrozen(db, user, bundleId);
  return missingOf(docs);
}

async function missingOf(docs: FrozenDocument[]): Promise<MissingDocument[]> {
  const storage = getStorage();
  const missing: MissingDocument[] = [];
  for (const d of docs) if (!(await storage.exists(d.storageKey))) missing.push({ caseReference: d.caseReference, path: d.path, kind: d.kind });
  return missing;
}

const sha256 = (bytes: Uint8Array | string) => crypto.createHash('sha256').update(bytes).digest('hex');

/** "RD bundle <first 8 of id>", ASCII: the files' base name. */
const baseName = (bundle: Bundle) => `redress-bundle-${bundle.id.slice(0, 8)}`;

async function record(db: Db, user: CurrentUser, bundle: Bundle, format: ExportFormat, hash: string, sizeBytes: number, ctx: RequestContext): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(bundleExports).values({ bundleId: bundle.id, format, sha256: hash, sizeBytes, bytesSent: sizeBytes, createdById: user.id, finishedAt: new Date() });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.exported', recordType: 'bundle', recordId: bundle.id, data: { format, sha256: hash, sizeBytes } });
  });
}

/** The cases as a spreadsheet: UTF-8 with a BOM so Excel reads the Cyrillic right. */
export function casesCsv(snapshot: BundleSnapshot): Buffer {
  const lang = snapshot.language;
  const t = translatorFor(lang);
  const columns = [
    t('bundles.petition.number'),
    t('bundles.reference'),
    t('bundles.petition.person'),
    t('bundles.petition.court'),
    t('bundles.petition.caseNumber'),
    t('bundles.petition.date'),
    t('bundles.petition.articles'),
    t('bundles.petition.sentence'),
    t('bundles.petition.grounds'),
    t('bundles.region'),
    t('bundles.caseKind'),
    t('bundles.summary'),
  ];
  // What applicants and organizers typed goes through spreadsheetText: it must never run as a formula.
  const rows = snapshot.cases.map((c) => [
    c.position,
    c.reference,
    spreadsheetText(c.personName),
    spreadsheetText(c.courtName),
    spreadsheetText(c.caseNumber),
    c.judgmentDate ?? '',
    spreadsheetText(c.articles.join(', ')),
    spreadsheetText(c.sentence),
    c.grounds.map((g) => groundName(g, lang)).join(', '),
    regionName(c.regionCode, lang),
    caseKindName(c.kind, lang),
    spreadsheetText(c.summary),
  ]);
  return Buffer.from(stringify([columns, ...rows], { bom: true, record_delimiter: 'windows' }), 'utf8');
}

type StoredPetition = typeof bundlePetitions.$inferSelect;

/**
 * The bundle's petition PDF and DOCX, rendered once and stored encrypted (the frozen content never
 * changes). Rendering a 200-case petition costs 1-2 s of CPU and about 100 MB of transient heap:
 * doing it once keeps every later export cheap, makes a ZIP's first byte go out at once and
 * gives every export of the petition the same SHA-256. Two exports racing on a fresh bundle both
 * render; the first insert wins and the loser's files are removed.
 */
async function storedPetition(db: Db, frozen: Frozen): Promise<StoredPetition> {
  const [existing] = await db.select().from(bundlePetitions).where(eq(bundlePetitions.bundleId, frozen.bundle.id));
  if (existing) return existing;
  const content = petitionContent(petitionOfSnapshot(frozen.bundle, frozen.documents));
  const pdf = await renderPetitionPdf(content);
  const docx = await renderPetitionDocx(content);
  const storage = getStorage();
  const [pdfStored, docxStored] = [await storage.put(Readable.from([pdf])), await storage.put(Readable.from([docx]))];
  const [inserted] = await db
    .insert(bundlePetitions)
    .values({
      bundleId: frozen.bundle.id,
      pdfKey: pdfStored.key,
      pdfSha256: pdfStored.sha256,
      pdfSizeBytes: pdfStored.sizeBytes,
      docxKey: docxStored.key,
      docxSha256: docxStored.sha256,
      docxSizeBytes: docxStored.sizeBytes,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return inserted;
  await Promise.all([storage.remove(pdfStored.key), storage.remove(docxStored.key)]);
  const [winner] = await db.select().from(bundlePetitions).where(eq(bundlePetitions.bundleId, frozen.bundle.id));
  return winner!;
}

/** Renders and stores the petition of a just-finalized bundle ahead of its first export. */
export async function preparePetition(user: CurrentUser | null, bundleId: string, db: Db = getDb()): Promise<void> {
  await storedPetition(db, await loadFrozen(db, user, bundleId));
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** One export of a finalized bundle, recorded (who, when, format, SHA-256) and audited. */
export async function exportBundle(user: CurrentUser | null, bundleId: string, format: ExportFormat, ctx: RequestContext = {}): Promise<ExportFile> {
  const db = ctx.db ?? getDb();
  const frozen = await loadFrozen(db, user, bundleId);
  const base = baseName(frozen.bundle);
  if (format === 'zip') return exportZip(db, user!, frozen, ctx);
  if (format === 'csv') {
    const bytes = casesCsv(frozen.bundle.snapshot);
    await record(db, user!, frozen.bundle, format, sha256(bytes), bytes.length, ctx);
    return { filename: `${base}-cases.csv`, contentType: 'text/csv; charset=utf-8', length: bytes.length, body: new Uint8Array(bytes) };
  }
  const petition = await storedPetition(db, frozen);
  const [key, hash, size] = format === 'pdf' ? [petition.pdfKey, petition.pdfSha256, petition.pdfSizeBytes] : [petition.docxKey, petition.docxSha256, petition.docxSizeBytes];
  const body = verifiedStream(await getStorage().get(key), { path: `petition.${format}`, sizeBytes: size, sha256: hash });
  await record(db, user!, frozen.bundle, format, hash, size, ctx);
  return { filename: `${base}-petition.${format}`, contentType: format === 'pdf' ? 'application/pdf' : DOCX_TYPE, length: size, body: Readable.toWeb(Readable.from(body)) as ReadableStream<Uint8Array> };
}

type ManifestFile = { path: string; size: number; sha256: string; caseReference: string; kind: string };

/** manifest.csv and manifest.json: every file of the ZIP but the manifests themselves. */
function manifests(frozen: Frozen, files: ManifestFile[]): { csv: Buffer; json: Buffer } {
  const csv = stringify([['path', 'size_bytes', 'sha256', 'case_reference', 'document_kind'], ...files.map((f) => [f.path, f.size, f.sha256, f.caseReference, f.kind])], {
    record_delimiter: 'windows',
  });
  const docs = frozen.documents.map((d) => ({ path: d.path, size: d.sizeBytes, sha256: d.sha256, caseReference: d.caseReference, kind: d.kind }));
  const json = JSON.stringify(
    {
      bundle: { id: frozen.bundle.id, title: frozen.bundle.snapshot.title, finalizedAt: frozen.bundle.snapshot.finalizedAt },
      // The SHA-256 recorded at finalizing, over canonicalManifest(documents) (lib/bundles/bundles.ts).
      documentsManifestSha256: frozen.bundle.manifestSha256,
      canonicalDocumentsManifest: canonicalManifest(docs),
      files,
    },
    null,
    2,
  );
  return { csv: Buffer.from(csv, 'utf8'), json: Buffer.from(json, 'utf8') };
}

/**
 * The ZIP: petition.pdf, petition.docx, cases.csv, every frozen document decrypted under
 * cases/<reference>/, and the manifests. Nothing is compressed (PDFs and images do not shrink),
 * so its exact length is known before the first byte; the export row tracks the bytes sent, which
 * the bundle's page shows as a progress bar (Next.js drops Content-Length from route handlers, so
 * the browser alone cannot). Each file's bytes are checked against its frozen SHA-256 on the
 * way: a mismatch aborts the download, never a ZIP that looks complete.
 */
async function exportZip(db: Db, user: CurrentUser, frozen: Frozen, ctx: RequestContext): Promise<ExportFile> {
  const missing = await missingOf(frozen.documents);
  if (missing.length) throw new MissingDocumentsError(missing);
  const petition = await storedPetition(db, frozen);
  const cases = casesCsv(frozen.bundle.snapshot);
  const generated: ManifestFile[] = [
    { path: 'petition.pdf', size: petition.pdfSizeBytes, sha256: petition.pdfSha256, caseReference: '', kind: 'petition' },
    { path: 'petition.docx', size: petition.docxSizeBytes, sha256: petition.docxSha256, caseReference: '', kind: 'petition' },
    { path: 'cases.csv', size: cases.length, sha256: sha256(cases), caseReference: '', kind: 'cases' },
  ];
  const files = [...generated, ...frozen.documents.map((d) => ({ path: d.path, size: d.sizeBytes, sha256: d.sha256, caseReference: d.caseReference, kind: d.kind }))];
  const manifest = manifests(frozen, files);
  const lastModified = new Date(frozen.bundle.snapshot.finalizedAt);
  const length = Number(
    predictLength([...files.map((f) => ({ name: f.path, size: f.size })), { name: 'manifest.csv', size: manifest.csv.length }, { name: 'manifest.json', size: manifest.json.length }]),
  );
  const open = async (key: string, file: { path: string; sizeBytes: number; sha256: string }) => verifiedStream(await getStorage().get(key), file);

  async function* entries() {
    yield { name: 'petition.pdf', input: await open(petition.pdfKey, { path: 'petition.pdf', sizeBytes: petition.pdfSizeBytes, sha256: petition.pdfSha256 }), lastModified, size: petition.pdfSizeBytes };
    yield { name: 'petition.docx', input: await open(petition.docxKey, { path: 'petition.docx', sizeBytes: petition.docxSizeBytes, sha256: petition.docxSha256 }), lastModified, size: petition.docxSizeBytes };
    yield { name: 'cases.csv', input: cases, lastModified };
    // Each document is opened only when the reader reaches it.
    for (const d of frozen.documents) yield { name: d.path, input: await open(d.storageKey, d), lastModified, size: d.sizeBytes };
    yield { name: 'manifest.csv', input: manifest.csv, lastModified };
    yield { name: 'manifest.json', input: manifest.json, lastModified };
  }

  const running = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bundleExports)
      .values({ bundleId: frozen.bundle.id, format: 'zip', status: 'running', sizeBytes: length, createdById: user.id })
      .returning({ id: bundleExports.id });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.export_started', recordType: 'bundle', recordId: frozen.bundle.id, data: { format: 'zip', sizeBytes: length } });
    return row;
  });
  const progress = exportProgress(db, running!.id);
  const hash = crypto.createHash('sha256');
  const zip = makeZip(entries(), { buffersAreUTF8: true }).getReader();
  let sent = 0;
  // Pulled by the response: the next chunk is produced only when the client has taken the last.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await zip.read();
        } catch (error) {
          await progress.fail();
          controller.error(error);
          return;
        }
        if (next.done) {
          const digest = hash.digest('hex');
          await progress.done(digest, sent);
          await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'bundle.exported', recordType: 'bundle', recordId: frozen.bundle.id, data: { format: 'zip', sha256: digest, sizeBytes: sent } });
          controller.close();
          return;
        }
        hash.update(next.value);
        sent += next.value.length;
        progress.sent(sent);
        controller.enqueue(next.value);
      },
      // The client went away: an interrupted download is not an export.
      async cancel(reason) {
        await zip.cancel(reason).catch(() => undefined);
        await progress.fail();
      },
    },
    { highWaterMark: 0 },
  );
  return { filename: `${baseName(frozen.bundle)}.zip`, contentType: 'application/zip', length, body };
}

/** Writes a running export's progress at most once a second (the page polls it). */
function exportProgress(db: Db, id: string) {
  let last = 0;
  const where = and(eq(bundleExports.id, id), eq(bundleExports.status, 'running'));
  return {
    sent(bytes: number) {
      if (Date.now() - last < 1_000) return;
      last = Date.now();
      db.update(bundleExports)
        .set({ bytesSent: bytes })
        .where(where)
        .catch(() => undefined);
    },
    done: (digest: string, bytes: number) => db.update(bundleExports).set({ status: 'done', sha256: digest, bytesSent: bytes, sizeBytes: bytes, finishedAt: new Date() }).where(where),
    fail: () =>
      db
        .update(bundleExports)
        .set({ status: 'failed', finishedAt: new Date() })
        .where(where)
        .then(() => undefined, () => undefined),
  };
}

/** The caller's latest ZIP export of the bundle, for the progress bar. */
export async function latestZipExport(user: CurrentUser | null, bundleId: string, db: Db = getDb()) {
  assertCan(user, 'bundle.manage');
  if (!isUuid(bundleId)) throw new AppError('NOT_FOUND');
  const [row] = await db
    .select({ id: bundleExports.id, status: bundleExports.status, bytesSent: bundleExports.bytesSent, sizeBytes: bundleExports.sizeBytes, createdAt: bundleExports.createdAt })
    .from(bundleExports)
    .where(and(eq(bundleExports.bundleId, bundleId), eq(bundleExports.createdById, user.id), eq(bundleExports.format, 'zip')))
    .orderBy(desc(bundleExports.createdAt))
    .limit(1);
  return row ?? null;
}

