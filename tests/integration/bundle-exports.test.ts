import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, bundleCases, bundleExports, bundles, caseEvents, cases, documents, type Case } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { addCaseToBundle, createBundle, finalizeBundle, updateCaseSummary, updateCoverLetter } from '@/lib/bundles/bundles';
import { exportBundle, findMissingDocuments, latestZipExport, MissingDocumentsError, type ExportFile } from '@/lib/bundles/exports';
import { addBundleAttachment, openBundleAttachment, recordAnswer, submitBundle } from '@/lib/bundles/submission';
import { AppError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/catalogs';
import { getStorage } from '@/lib/storage';
import { createCase } from '../factories/cases';
import { createUser } from '../factories/users';
import { mailsTo } from '../support/mail';

const db = () => getDb();
const KAZAKH_LETTERS = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
const COVER_LETTER = 'Қазақстан Республикасының Бас прокурорына. Осы өтініште сипатталған сот актілерін қарап, оларға наразылық келтіруіңізді сұраймыз: әғқңөұүһі.';
const PEOPLE = ['Әсел Ғалымқызы Қоңырова', 'Өмірзақ Ұлықбекұлы Үсенов', 'Һадия Іңкәрқызы Шәріпова'];
/** Today: a bundle finalized in the test cannot have been handed in before it. */
const TODAY = new Date().toISOString().slice(0, 10);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-exports-'));

let org: CurrentUser;
let reviewer: CurrentUser;

beforeAll(async () => {
  [org, reviewer] = await Promise.all([createUser('organizer', { name: 'Ержан Тоқтаров' }), createUser('reviewer')]);
});

/** A document really stored (encrypted) with known bytes, as an upload would leave it. */
async function storedDocument(caseId: string, uploaderId: string, kind: 'judgment' | 'appellate_ruling' | 'evidence', bytes: Buffer) {
  const stored = await getStorage().put(Readable.from([bytes]));
  const contentType = kind === 'evidence' ? 'image/jpeg' : 'application/pdf';
  const [row] = await db()
    .insert(documents)
    .values({ caseId, kind, originalName: `${kind}.bin`, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: stored.key, uploaderId })
    .returning();
  return row!;
}

const pdfBytes = (label: string, size = 40_000) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${label}\n`), crypto.randomBytes(size)]);

/** A finalized bundle of three Kazakh cases, each with a judgment and an appeal ruling (one with a photo). */
async function finalizedBundle() {
  const { id: bundleId } = await createBundle(db(), org, { title: 'Қаңтар оқиғалары', addressee: 'prosecutor_general', language: 'kk' });
  const members: { row: Case; applicant: CurrentUser }[] = [];
  for (const [i, person] of PEOPLE.entries()) {
    const applicant = await createUser('applicant', { name: `Өтініш беруші ${crypto.randomBytes(4).toString('hex')}`, locale: i === 1 ? 'ru' : 'kk' });
    const row = await createCase(applicant, { status: 'accepted', consentShareWithProsecutors: true, convictedPersonName: person, filingFor: 'other', contactLocale: i === 1 ? 'ru' : 'kk' });
    await storedDocument(row.id, applicant.id, 'judgment', pdfBytes(`judgment ${i}`));
    await storedDocument(row.id, applicant.id, 'appellate_ruling', pdfBytes(`appeal ${i}`));
    if (i === 2) await storedDocument(row.id, applicant.id, 'evidence', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(5_000)]));
    members.push({ row, applicant });
  }
  const version = async () => (await db().select().from(bundles).where(eq(bundles.id, bundleId)))[0]!.version;
  for (const m of members) await addCaseToBundle(db(), org, { bundleId, version: await version(), caseId: m.row.id });
  for (const m of members) await updateCaseSummary(db(), org, { bundleId, version: await version(), caseId: m.row.id, summary: `${m.row.convictedPersonName} ісі бойынша: куәгер қысыммен берген айғағынан бас тартты.` });
  await updateCoverLetter(db(), org, { bundleId, version: await version(), coverLetter: COVER_LETTER });
  await finalizeBundle(db(), org, { bundleId, version: await version(), isConfirmed: true });
  const bundle = (await db().select().from(bundles).where(eq(bundles.id, bundleId)))[0]!;
  return { bundle, members };
}

async function bytesOf(file: ExportFile): Promise<Buffer> {
  if (file.body instanceof Uint8Array) return Buffer.from(file.body);
  return Buffer.from(await new Response(file.body).arrayBuffer());
}

function saved(name: string, bytes: Buffer): string {
  const file = path.join(tmp, `${crypto.randomUUID()}-${name}`);
  fs.writeFileSync(file, bytes);
  return file;
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
/** Finished exports: an interrupted or refused one is not an export. */
const exportsOf = (bundleId: string) =>
  db()
    .select()
    .from(bundleExports)
    .where(and(eq(bundleExports.bundleId, bundleId), eq(bundleExports.status, 'done')))
    .orderBy(asc(bundleExports.createdAt));

describe('exports of a finalized bundle', () => {
  it('prints the petition PDF in Kazakh, with every case reference and the Kazakh letters as text, and records the export', async () => {
    const { bundle, members } = await finalizedBundle();
    const file = await exportBundle(org, bundle.id, 'pdf', { ip: '10.0.0.1' });
    const bytes = await bytesOf(file);
    expect(file.contentType).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', saved('petition.pdf', bytes), '-'], { encoding: 'utf8' });
    for (const m of members) expect(text).toContain(m.row.reference!);
    for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
    expect(text).toContain(PEOPLE[0]);
    expect(text).toContain(bundle.manifestSha256!);

    const [recorded] = await exportsOf(bundle.id);
    expect(recorded).toMatchObject({ format: 'pdf', sha256: sha256(bytes), sizeBytes: bytes.length, createdById: org.id });
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, bundle.id), eq(auditEvents.action, 'bundle.exported')));
    expect(audit).toMatchObject([{ actorId: org.id, data: { format: 'pdf', sha256: sha256(bytes) } }]);
  });

  it('writes a DOCX that Word can open: a ZIP whose document.xml holds the cover letter and every case', async () => {
    const { bundle, members } = await finalizedBundle();
    const bytes = await bytesOf(await exportBundle(org, bundle.id, 'docx'));
    const xml = execFileSync('unzip', ['-p', saved('petition.docx', bytes), 'word/document.xml'], { encoding: 'utf8' });
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain(COVER_LETTER.slice(0, 40));
    for (const m of members) expect(xml).toContain(m.row.reference!);
    expect((await exportsOf(bundle.id)).map((e) => e.format)).toEqual(['docx']);
  });

  it('writes the cases as CSV with a BOM that a CSV parser reads back with the Cyrillic intact', async () => {
    const { bundle, members } = await finalizedBundle();
    const bytes = await bytesOf(await exportBundle(org, bundle.id, 'csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    const t = translatorFor('kk');
    expect(rows[0]).toContain(t('bundles.petition.person'));
    expect(rows.slice(1).map((r) => r[1])).toEqual(members.map((m) => m.row.reference));
    expect(rows.slice(1).map((r) => r[2])).toEqual(PEOPLE);
  });

  it('streams a ZIP that passes unzip -t, with the decrypted originals, and every hash as the manifest says', async () => {
    const { bundle, members } = await finalizedBundle();
    const file = await exportBundle(org, bundle.id, 'zip');
    const bytes = await bytesOf(file);
    expect(bytes.length).toBe(file.length);
    const zip = saved('bundle.zip', bytes);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toContain('No errors detected');

    const listed = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
    const manifest = parse(execFileSync('unzip', ['-p', zip, 'manifest.csv']), { columns: true }) as { path: string; size_bytes: string; sha256: string; case_reference: string }[];
    expect(listed).toEqual([...manifest.map((m) => m.path), 'manifest.csv', 'manifest.json'].sort());
    expect(listed).toContain(`cases/${members[2]!.row.reference}/evidence-1.jpg`);
    for (const entry of manifest) {
      const content = execFileSync('unzip', ['-p', zip, entry.path], { maxBuffer: 64 * 1024 * 1024 });
      expect(sha256(content), entry.path).toBe(entry.sha256);
      expect(content.length).toBe(Number(entry.size_bytes));
    }
    // The documents are the originals, decrypted.
    const stored = await db().select().from(documents).where(eq(documents.caseId, members[0]!.row.id)).orderBy(asc(documents.createdAt));
    const original = await new Response(Readable.toWeb(await getStorage().get(stored[0]!.storageKey)) as ReadableStream).arrayBuffer();
    expect(execFileSync('unzip', ['-p', zip, `cases/${members[0]!.row.reference}/judgment-1.pdf`]).equals(Buffer.from(original))).toBe(true);

    // manifest.json's canonical list of documents hashes to the SHA-256 recorded at finalizing.
    const json = JSON.parse(execFileSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8' })) as { canonicalDocumentsManifest: string; documentsManifestSha256: string };
    expect(crypto.createHash('sha256').update(json.canonicalDocumentsManifest).digest('hex')).toBe(bundle.manifestSha256);
    expect(json.documentsManifestSha256).toBe(bundle.manifestSha256);

    const recorded = await exportsOf(bundle.id);
    expect(recorded).toMatchObject([{ format: 'zip', sha256: sha256(bytes), sizeBytes: bytes.length, bytesSent: bytes.length }]);
    expect(await latestZipExport(org, bundle.id)).toMatchObject({ status: 'done', bytesSent: bytes.length, sizeBytes: bytes.length });

    // The petition is rendered once: the PDF export sends the very bytes inside the ZIP.
    const pdf = await bytesOf(await exportBundle(org, bundle.id, 'pdf'));
    expect(sha256(pdf)).toBe(manifest.find((m) => m.path === 'petition.pdf')!.sha256);
  });

  it('refuses to start the ZIP when a document is missing from storage, naming the case and the document', async () => {
    const { bundle, members } = await finalizedBundle();
    const [doc] = await db().select().from(documents).where(and(eq(documents.caseId, members[1]!.row.id), eq(documents.kind, 'appellate_ruling')));
    await getStorage().remove(doc!.storageKey);

    const error = await exportBundle(org, bundle.id, 'zip').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MissingDocumentsError);
    expect((error as MissingDocumentsError).missing).toEqual([{ caseReference: members[1]!.row.reference, path: `cases/${members[1]!.row.reference}/appellate_ruling-1.pdf`, kind: 'appellate_ruling' }]);
    expect(await findMissingDocuments(org, bundle.id)).toHaveLength(1);
    expect(await exportsOf(bundle.id)).toEqual([]);
  });

  it('aborts the ZIP stream, never completing it, when a stored document no longer matches its frozen hash', async () => {
    const { bundle, members } = await finalizedBundle();
    const [doc] = await db().select().from(documents).where(and(eq(documents.caseId, members[0]!.row.id), eq(documents.kind, 'judgment')));
    // Replace the stored file with a different, validly encrypted one under the same key.
    const other = await getStorage().put(Readable.from([pdfBytes('swapped')]));
    const root = path.join(process.env.REDRESS_DATA_DIR!, 'uploads');
    fs.copyFileSync(path.join(root, other.key), path.join(root, doc!.storageKey));

    const file = await exportBundle(org, bundle.id, 'zip');
    await expect(bytesOf(file)).rejects.toThrow(/does not match/);
    expect(await exportsOf(bundle.id)).toEqual([]);
    expect(await latestZipExport(org, bundle.id)).toMatchObject({ status: 'failed' });
  });

  it('has nothing to export from a draft, and refuses reviewers and applicants', async () => {
    const { id } = await createBundle(db(), org, { title: 'Черновик', addressee: 'prosecutor_general', language: 'ru' });
    await expect(exportBundle(org, id, 'pdf')).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'bundles.export.notFinalized' });
    const { bundle, members } = await finalizedBundle();
    await expect(exportBundle(reviewer, bundle.id, 'zip')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(exportBundle(members[0]!.applicant, bundle.id, 'csv')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(exportBundle(null, bundle.id, 'pdf')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await exportsOf(bundle.id)).toEqual([]);
  });
});

const scan = () => Readable.from([pdfBytes('stamped cover', 2_000)]);
const statusOf = async (id: string) => (await db().select({ status: cases.status }).from(cases).where(eq(cases.id, id)))[0]!.status;

async function submitted() {
  const { bundle, members } = await finalizedBundle();
  const cover = await addBundleAttachment(org, { bundleId: bundle.id, purpose: 'stamped_cover', originalName: 'штамп.pdf', stream: scan() });
  await submitBundle(db(), org, { bundleId: bundle.id, version: bundle.version, submittedOn: TODAY, registryNumber: 'ЖТ-2026-0412', stampedCoverId: cover.id });
  return { bundle: (await db().select().from(bundles).where(eq(bundles.id, bundle.id)))[0]!, members };
}

describe('submitting the bundle and recording the answer', () => {
  it('files every case, keeps the registry number and the stamped cover, and tells each applicant', async () => {
    const { bundle, members } = await submitted();
    expect(bundle).toMatchObject({ status: 'submitted', submittedOn: TODAY, registryNumber: 'ЖТ-2026-0412' });
    expect(bundle.stampedCoverId).toBeTruthy();
    for (const m of members) {
      expect(await statusOf(m.row.id)).toBe('filed');
      const mails = await mailsTo(m.applicant.email);
      const t = translatorFor(m.row.contactLocale);
      expect(mails.at(-1)!.subject).toContain(t('status.filed'));
    }
  });

  it('records one protest brought and two refused; each case and each applicant follow, with the note', async () => {
    const { bundle, members } = await submitted();
    const reply = await addBundleAttachment(org, { bundleId: bundle.id, purpose: 'answer', originalName: 'жауап.pdf', stream: scan() });
    const note = 'Бас прокуратура наразылық келтірді, іс қайта қаралады.';
    await recordAnswer(db(), org, {
      bundleId: bundle.id,
      version: bundle.version,
      answeredOn: TODAY,
      answerId: reply.id,
      outcomes: [
        { caseId: members[0]!.row.id, outcome: 'protest_brought', note },
        { caseId: members[1]!.row.id, outcome: 'protest_refused', note: '' },
        { caseId: members[2]!.row.id, outcome: 'protest_refused', note: 'Основания не найдены.' },
      ],
    });
    expect((await db().select().from(bundles).where(eq(bundles.id, bundle.id)))[0]).toMatchObject({ status: 'answered', answeredOn: TODAY, answerId: reply.id });
    expect(await statusOf(members[0]!.row.id)).toBe('protest_brought');
    expect(await statusOf(members[1]!.row.id)).toBe('protest_refused');
    const [member] = await db().select().from(bundleCases).where(eq(bundleCases.caseId, members[0]!.row.id));
    expect(member).toMatchObject({ outcome: 'protest_brought', outcomeNote: note });
    const [event] = await db()
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, members[0]!.row.id), eq(caseEvents.toStatus, 'protest_brought')));
    expect(event).toMatchObject({ isVisibleToApplicant: true, data: { note } });
    const kkMail = (await mailsTo(members[0]!.applicant.email)).at(-1)!;
    expect(kkMail.locale).toBe('kk');
    expect(kkMail.subject).toContain(translatorFor('kk')('status.protest_brought'));
    expect(kkMail.text).toContain(note);
    const ruMail = (await mailsTo(members[1]!.applicant.email)).at(-1)!;
    expect(ruMail.subject).toContain(translatorFor('ru')('status.protest_refused'));
  });

  it('refuses an answer that leaves a case without an outcome, and a submission without the stamped cover', async () => {
    const { bundle, members } = await submitted();
    const reply = await addBundleAttachment(org, { bundleId: bundle.id, purpose: 'answer', originalName: 'reply.pdf', stream: scan() });
    await expect(
      recordAnswer(db(), org, { bundleId: bundle.id, version: bundle.version, answeredOn: TODAY, answerId: reply.id, outcomes: [{ caseId: members[0]!.row.id, outcome: 'protest_brought' }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'bundles.outcomesIncomplete' });
    expect(await statusOf(members[0]!.row.id)).toBe('filed');

    const other = await finalizedBundle();
    await expect(
      submitBundle(db(), org, { bundleId: other.bundle.id, version: other.bundle.version, submittedOn: TODAY, registryNumber: '1', stampedCoverId: reply.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'validation.attachmentRequired' });
  });

  it('refuses a stale or repeated submission, and a stamped cover for a bundle already submitted', async () => {
    const { bundle } = await submitted();
    await expect(
      submitBundle(db(), org, { bundleId: bundle.id, version: bundle.version, submittedOn: TODAY, registryNumber: '2', stampedCoverId: bundle.stampedCoverId! }),
    ).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'bundles.wrongStep' });
    await expect(addBundleAttachment(org, { bundleId: bundle.id, purpose: 'stamped_cover', originalName: 'x.pdf', stream: scan() })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a reviewer uploading, submitting, answering or downloading, and an upload that is not a PDF or an image', async () => {
    const { bundle } = await finalizedBundle();
    await expect(addBundleAttachment(reviewer, { bundleId: bundle.id, purpose: 'stamped_cover', originalName: 'x.pdf', stream: scan() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      submitBundle(db(), reviewer, { bundleId: bundle.id, version: bundle.version, submittedOn: TODAY, registryNumber: '1', stampedCoverId: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      recordAnswer(db(), reviewer, { bundleId: bundle.id, version: bundle.version, answeredOn: TODAY, answerId: crypto.randomUUID(), outcomes: [{ caseId: crypto.randomUUID(), outcome: 'protest_brought' }] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const cover = await addBundleAttachment(org, { bundleId: bundle.id, purpose: 'stamped_cover', originalName: 'c.pdf', stream: scan() });
    await expect(openBundleAttachment(reviewer, bundle.id, cover.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Another bundle's attachment is not found through this one.
    const other = await finalizedBundle();
    await expect(openBundleAttachment(org, other.bundle.id, cover.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const error = await addBundleAttachment(org, { bundleId: bundle.id, purpose: 'stamped_cover', originalName: 'x.exe', stream: Readable.from([Buffer.from('MZ not a scan')]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ messageKey: 'documents.unsupportedType' });
  });

  it('refuses a submission date in the future or before the bundle was finalized', async () => {
    const { bundle } = await finalizedBundle();
    const cover = await addBundleAttachment(org, { bundleId: bundle.id, purpose: 'stamped_cover', originalName: 'c.pdf', stream: scan() });
    const base = { bundleId: bundle.id, version: bundle.version, registryNumber: '1', stampedCoverId: cover.id };
    await expect(submitBundle(db(), org, { ...base, submittedOn: '2999-01-01' })).rejects.toThrow();
    await expect(submitBundle(db(), org, { ...base, submittedOn: '2020-01-01' })).rejects.toMatchObject({ messageKey: 'bundles.submittedBeforeFinalized' });
    expect((await db().select().from(bundles).where(eq(bundles.id, bundle.id)))[0]!.status).toBe('finalized');
  });
});
