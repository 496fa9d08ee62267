import 'server-only';
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { makeZip, predictLength } from 'client-zip';
import { stringify } from 'csv-stringify/sync';
import { asc, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { bundleDocuments, bundleExports, bundles, documents, type Bundle, type BundleSnapshot } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/catalogs';
import { caseKindName, groundName, regionName } from '@/lib/reference/names';
import { getStorage } from '@/lib/storage';
import { canonicalManifest } from '../bundles';
import { petitionOfSnapshot } from '../petition';
import { petitionContent } from './content';
import { renderPetitionDocx } from './docx';
import { renderPetitionPdf } from './pdf';

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
  await db.insert(bundleExports).values({ bundleId: bundle.id, format, sha256: hash, sizeBytes, createdById: user.id });
  await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'bundle.exported', recordType: 'bundle', recordId: bundle.id, data: { format, sha256: hash, sizeBytes } });
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
  const rows = snapshot.cases.map((c) => [
    c.position,
    c.reference,
    c.personName,
    c.courtName,
    c.caseNumber,
    c.judgmentDate ?? '',
    c.articles.join(', '),
    c.sentence,
    c.grounds.map((g) => groundName(g, lang)).join(', '),
    regionName(c.regionCode, lang),
    caseKindName(c.kind, lang),
    c.summary,
  ]);
  return Buffer.from(stringify([columns, ...rows], { bom: true, record_delimiter: 'windows' }), 'utf8');
}

async function renderPdf(frozen: Frozen): Promise<Buffer> {
  return renderPetitionPdf(petitionContent(petitionOfSnapshot(frozen.bundle, frozen.documents)));
}

async function renderDocx(frozen: Frozen): Promise<Buffer> {
  return renderPetitionDocx(petitionContent(petitionOfSnapshot(frozen.bundle, frozen.documents)));
}

/** One export of a finalized bundle, recorded (who, when, format, SHA-256) and audited. */
export async function exportBundle(user: CurrentUser | null, bundleId: string, format: ExportFormat, ctx: RequestContext = {}): Promise<ExportFile> {
  const db = ctx.db ?? getDb();
  const frozen = await loadFrozen(db, user, bundleId);
  const base = baseName(frozen.bundle);
  if (format === 'zip') return exportZip(db, user!, frozen, ctx);
  const file =
    format === 'pdf'
      ? { filename: `${base}-petition.pdf`, contentType: 'application/pdf', bytes: await renderPdf(frozen) }
      : format === 'docx'
        ? { filename: `${base}-petition.docx`, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: await renderDocx(frozen) }
        : { filename: `${base}-cases.csv`, contentType: 'text/csv; charset=utf-8', bytes: casesCsv(frozen.bundle.snapshot) };
  await record(db, user!, frozen.bundle, format, sha256(file.bytes), file.bytes.length, ctx);
  return { filename: file.filename, contentType: file.contentType, length: file.bytes.length, body: new Uint8Array(file.bytes) };
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
 * so the exact length is known up front: the browser shows a determinate progress bar. The
 * archive is pulled: each document is opened only when the reader reaches it, and its bytes are
 * checked against the frozen SHA-256 on the way (a mismatch aborts the download, never a ZIP
 * that looks complete).
 */
async function exportZip(db: Db, user: CurrentUser, frozen: Frozen, ctx: RequestContext): Promise<ExportFile> {
  const missing = await missingOf(frozen.documents);
  if (missing.length) throw new MissingDocumentsError(missing);
  const [pdf, docx] = await Promise.all([renderPdf(frozen), renderDocx(frozen)]);
  const cases = casesCsv(frozen.bundle.snapshot);
  const generated: ManifestFile[] = [
    { path: 'petition.pdf', size: pdf.length, sha256: sha256(pdf), caseReference: '', kind: 'petition' },
    { path: 'petition.docx', size: docx.length, sha256: sha256(docx), caseReference: '', kind: 'petition' },
    { path: 'cases.csv', size: cases.length, sha256: sha256(cases), caseReference: '', kind: 'cases' },
  ];
  const files = [...generated, ...frozen.documents.map((d) => ({ path: d.path, size: d.sizeBytes, sha256: d.sha256, caseReference: d.caseReference, kind: d.kind }))];
  const manifest = manifests(frozen, files);
  const lastModified = new Date(frozen.bundle.snapshot.finalizedAt);
  const metadata = [
    { name: 'petition.pdf', size: pdf.length },
    { name: 'petition.docx', size: docx.length },
    { name: 'cases.csv', size: cases.length },
    ...frozen.documents.map((d) => ({ name: d.path, size: d.sizeBytes })),
    { name: 'manifest.csv', size: manifest.csv.length },
    { name: 'manifest.json', size: manifest.json.length },
  ];
  const length = Number(predictLength(metadata));

  async function* entries() {
    yield { name: 'petition.pdf', input: pdf, lastModified };
    yield { name: 'petition.docx', input: docx, lastModified };
    yield { name: 'cases.csv', input: cases, lastModified };
    for (const d of frozen.documents) yield { name: d.path, input: verified(await getStorage().get(d.storageKey), d), lastModified, size: d.sizeBytes };
    yield { name: 'manifest.csv', input: manifest.csv, lastModified };
    yield { name: 'manifest.json', input: manifest.json, lastModified };
  }

  await recordAudit(db, { actorId: user.id, ip: ctx.ip, action: 'bundle.export_started', recordType: 'bundle', recordId: frozen.bundle.id, data: { format: 'zip', sizeBytes: length } });
  const hash = crypto.createHash('sha256');
  let sent = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
    // Recorded once the last byte went out: an interrupted download is not an export.
    flush: () => record(db, user, frozen.bundle, 'zip', hash.digest('hex'), sent, ctx),
  });
  return { filename: `${baseName(frozen.bundle)}.zip`, contentType: 'application/zip', length, body: makeZip(entries(), { buffersAreUTF8: true }).pipeThrough(counted) };
}

/** Passes a document's bytes through, failing the stream if they are not the frozen ones. */
async function* verified(stream: Readable, doc: FrozenDocument): AsyncGenerator<Uint8Array> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    yield chunk;
  }
  if (size !== doc.sizeBytes || hash.digest('hex') !== doc.sha256) throw new Error(`Document ${doc.path} does not match its frozen SHA-256`);
}
