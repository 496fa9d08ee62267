/**
 * Upload checks (issue 7, part 9): PDFs with active content, ClamAV over its socket (a fake clamd
 * here), what the type sniffer makes of polyglots and bombs, hostile file names, and the hourly
 * upload limit. Through the lib functions and the real route handlers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { and, count, eq } from 'drizzle-orm';
import { zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, bundleAttachments, bundles, cases, documents } from '@/db/schema';
import { getCurrentUser } from '@/lib/auth/session';
import type { CurrentUser } from '@/lib/authz';
import { addDocument } from '@/lib/documents/mutations';
import { openDocument } from '@/lib/documents/queries';
import { dataDir } from '@/lib/env';
import { POST as postAttachment } from '@/app/api/bundles/[id]/attachments/route';
import { POST } from '@/app/api/cases/[id]/documents/route';
import { GET } from '@/app/api/documents/[id]/route';
import { startFakeClamd, type FakeClamd } from '../support/fake-clamd';
import { createUser } from '../factories/users';

vi.mock('@/lib/auth/session', () => ({
  getCurrentUser: vi.fn(),
  requestIp: vi.fn(async () => '10.0.0.8'),
}));

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A hand-written PDF whose catalog carries `entries`. */
const pdfWith = (entries: string) =>
  Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${entries} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');

async function cleanPdf(options: { javascript?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Sentence of the district court, case 1-234/2024', { x: 50, y: 700, font, size: 12 });
  if (options.javascript) doc.addJavaScript('open', 'app.launchURL("https://evil.example/", true);');
  return Buffer.from(await doc.save());
}

/** An image big enough to span many chunks; random, so it never compresses. */
const pngOf = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(size - 8)]);

/** Splits `bytes` at the given offsets, so a name can be cut where a test wants. */
const streamSplitAt = (bytes: Buffer, ...cuts: number[]) => {
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  return Readable.from(points.slice(1).map((end, i) => bytes.subarray(points[i], end)));
};

const filesUnder = (folder: string): string[] => {
  const root = path.join(dataDir(), folder);
  return fs.existsSync(root)
    ? fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name))
    : [];
};

let owner: CurrentUser;
let otherApplicant: CurrentUser;
let organizer: CurrentUser;
let caseId: string;

const signIn = (user: CurrentUser | null) => vi.mocked(getCurrentUser).mockResolvedValue(user);
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const documentCount = async () => (await getDb().select({ n: count() }).from(documents).where(eq(documents.caseId, caseId)))[0]!.n;

async function createCase(applicant: CurrentUser): Promise<string> {
  const [row] = await getDb().insert(cases).values({ applicantId: applicant.id, status: 'draft' }).returning({ id: cases.id });
  return row!.id;
}

function uploadRequest(file: Buffer | null, fileName = 'scan.pdf', forCase = caseId): Request {
  const form = new FormData();
  form.append('kind', 'judgment');
  if (file) form.append('file', new Blob([new Uint8Array(file)]), fileName);
  return new Request(`http://localhost/api/cases/${forCase}/documents`, { method: 'POST', body: form });
}

/**
 * A multipart body written by hand, naming the file with `filename*=UTF-8''…`: percent-encoding
 * carries any character, control characters included, past what a browser's FormData would send.
 */
function rawUploadRequest(file: Buffer, fileNameParameter: string): Request {
  const boundary = `----redress${crypto.randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\njudgment\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${fileNameParameter}\r\nContent-Type: application/pdf\r\n\r\n`, 'latin1'),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Request(`http://localhost/api/cases/${caseId}/documents`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function expectRefusal(response: Response, status: number, error: string): Promise<void> {
  expect({ status: response.status, body: await response.json() }).toEqual({ status, body: { ok: false, error } });
}

/** What the uploader sees, and that nothing was kept: no row, no file. */
async function expectRefusedUpload(file: Buffer, status: number, error: string, fileName = 'scan.pdf'): Promise<void> {
  await expectRefusal(await POST(uploadRequest(file, fileName), params(caseId)), status, error);
  expect(await documentCount()).toBe(0);
  expect(filesUnder('uploads')).toEqual([]);
}

async function uploaded(response: Response): Promise<{ id: string; originalName: string; contentType: string; sha256: string }> {
  if (response.status !== 201) expect(await response.json()).toEqual({ status: 201 });
  return ((await response.json()) as { document: { id: string; originalName: string; contentType: string; sha256: string } }).document;
}

beforeAll(async () => {
  [owner, otherApplicant, organizer] = await Promise.all([createUser('applicant'), createUser('applicant'), createUser('organizer')]);
});

beforeEach(async () => {
  caseId = await createCase(owner);
  signIn(owner);
  fs.rmSync(path.join(dataDir(), 'uploads'), { recursive: true, force: true });
  fs.rmSync(path.join(dataDir(), 'quarantine'), { recursive: true, force: true });
});

describe('PDFs with active content', () => {
  const javascriptAction = pdfWith('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>');

  it('refuses JavaScript in plain sight, hex-escaped, split across chunks, or compressed in an object stream', async () => {
    const variants: [string, Buffer][] = [
      ['plain', javascriptAction],
      ['hex-escaped /J#61vaScript', pdfWith('/OpenAction << /S /J#61vaScript /J#53 (x) >>')],
      ['only the /JS key, escaped', pdfWith('/OpenAction << /#4A#53 (app.alert\\(1\\)) >>')],
      ['document JavaScript in a compressed object stream (pdf-lib)', await cleanPdf({ javascript: true })],
    ];
    for (const [label, bytes] of variants) {
      await expect(addDocument(owner, { caseId, kind: 'judgment', originalName: 'a.pdf', stream: Readable.from([bytes]) }), label).rejects.toMatchObject({
        code: 'VALIDATION',
        messageKey: 'documents.activeContent',
      });
    }
    // Cut inside the name, and inside its hex escape.
    const escaped = pdfWith('/OpenAction << /S /J#61vaScript >>');
    const at = escaped.indexOf('/J#61');
    for (const cuts of [[at + 2], [at + 3], [at + 4], [at + 1, at + 3, at + 5, at + 8]]) {
      await expect(addDocument(owner, { caseId, kind: 'judgment', originalName: 'a.pdf', stream: streamSplitAt(escaped, ...cuts) }), `cut at ${cuts}`).rejects.toMatchObject({
        messageKey: 'documents.activeContent',
      });
    }
    expect(await documentCount()).toBe(0);
    expect(filesUnder('uploads')).toEqual([]);
  });

  it('answers 422 with a message the uploader understands, through the route', async () => {
    await expectRefusedUpload(javascriptAction, 422, 'documents.activeContent');
    await expectRefusedUpload(pdfWith('/OpenAction << /S /Launch /F (cmd.exe) >>'), 422, 'documents.activeContent');
    await expectRefusedUpload(pdfWith('/Names << /EmbeddedFiles << /Names [(x.exe) 3 0 R] >> >>'), 422, 'documents.activeContent');
  });

  it('refuses a PDF whose object streams it cannot check (a deflate bomb)', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(70 * 1024 * 1024, 0x20), { level: 9 });
    const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`), bomb, Buffer.from('\nendstream\nendobj\n%%EOF\n')]);
    await expectRefusedUpload(bytes, 422, 'documents.pdfUnchecked');
  });

  it('accepts a clean PDF, with /OpenAction to a page, and keeps exactly its bytes', async () => {
    for (const bytes of [await cleanPdf(), pdfWith('/OpenAction [2 0 R /Fit]')]) {
      const document = await uploaded(await POST(uploadRequest(bytes), params(caseId)));
      expect(document).toMatchObject({ contentType: 'application/pdf', sha256: sha256(bytes) });
      const opened = await openDocument(owner, document.id);
      expect(sha256(await buffer(opened.stream))).toBe(sha256(bytes));
    }
  });
});

describe('what the type sniffer makes of odd files', () => {
  it('a PDF with a ZIP or HTML appended is a PDF: stored and served as application/pdf, never sniffed into HTML', async () => {
    const zip = Buffer.from(zipSync({ 'payload.html': new TextEncoder().encode('<script>alert(1)</script>') }));
    for (const [bytes, name] of [
      [Buffer.concat([await cleanPdf(), zip]), 'polyglot.pdf'],
      [Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>'), 'page.html'],
    ] as const) {
      const document = await uploaded(await POST(uploadRequest(bytes, name), params(caseId)));
      expect(document.contentType).toBe('application/pdf');
      const response = await GET(new Request(`http://localhost/api/documents/${document.id}`), params(document.id));
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // The served name ends in .pdf whatever the uploader called it.
      expect(response.headers.get('content-disposition')).toMatch(/filename="[^"]*\.pdf"/);
      await response.body?.cancel();
    }
  });

  it('a ZIP with a PDF inside, or HTML, named .pdf, is refused', async () => {
    await expectRefusedUpload(Buffer.from(zipSync({ 'a.pdf': await cleanPdf() })), 415, 'documents.unsupportedType');
    await expectRefusedUpload(Buffer.from('<html><script>alert(1)</script>%PDF-1.4</html>'), 415, 'documents.unsupportedType', 'a.pdf');
  });

  it('a zip bomb named .pdf is refused from its first bytes, never unpacked', async () => {
    const bomb = Buffer.from(zipSync({ 'a.pdf': new Uint8Array(50 * 1024 * 1024) }, { level: 9 }));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectRefusedUpload(bomb, 415, 'documents.unsupportedType', 'judgment.pdf');
  });

  it('an empty file is refused as empty', async () => {
    await expectRefusedUpload(Buffer.alloc(0), 400, 'documents.emptyFile');
    await expect(addDocument(owner, { caseId, kind: 'judgment', originalName: 'a.pdf', stream: Readable.from([]) })).rejects.toMatchObject({ messageKey: 'documents.emptyFile' });
  });
});

describe('hostile file names', () => {
  const names: [string, string][] = [
    ['../../etc/pa\u0000ss\r\nwd\u202e.pdf', 'passwd.pdf'],
    ['..\\..\\Windows\\System32\\evil.pdf', 'evil.pdf'],
    ['../..', 'document'],
    ['\u0007\u001b[31mred\u2066.pdf', '[31mred.pdf'],
    ['Приговор "суда"; part=2.pdf', 'Приговор "суда"; part=2.pdf'],
  ];

  it('keep no path, control or direction characters, for display and in download headers', async () => {
    const bytes = await cleanPdf();
    for (const [name, expected] of names) {
      const document = await uploaded(await POST(rawUploadRequest(bytes, `filename*=UTF-8''${encodeURIComponent(name)}`), params(caseId)));
      expect(document.originalName, JSON.stringify(name)).toBe(expected);
      const response = await GET(new Request(`http://localhost/api/documents/${document.id}?download=1`), params(document.id));
      const disposition = response.headers.get('content-disposition')!;
      await response.body?.cancel();
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/);
      expect(/filename="([^"]*)"/.exec(disposition)![1]).not.toMatch(/[/\\;%"]/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(expected.endsWith('.pdf') ? expected : `${expected}.pdf`);
    }
  });

  it('are cleaned by the lib function too, whoever calls it', async () => {
    for (const [name, expected] of names) {
      const document = await addDocument(owner, { caseId, kind: 'judgment', originalName: name, stream: Readable.from([await cleanPdf()]) });
      expect(document.originalName, JSON.stringify(name)).toBe(expected);
    }
  });

  it('raw control characters in the part header make the request unreadable: refused, nothing stored', async () => {
    await expectRefusal(await POST(rawUploadRequest(await cleanPdf(), 'filename="a\u0000b.pdf"'), params(caseId)), 400, 'documents.invalidRequest');
    expect(await documentCount()).toBe(0);
    expect(filesUnder('uploads')).toEqual([]);
  });
});

describe('ClamAV (a fake clamd on a unix socket)', () => {
  let clamd: FakeClamd;

  beforeEach(async () => {
    clamd = await startFakeClamd();
    process.env.CLAMAV_SOCKET = clamd.socketPath;
  });

  afterEach(async () => {
    delete process.env.CLAMAV_SOCKET;
    await clamd.close();
  });

  it('passes a clean file after clamd has seen every byte of it', async () => {
    const bytes = pngOf(300_000);
    const document = await uploaded(await POST(uploadRequest(bytes, 'photo.png'), params(caseId)));
    expect(clamd.received).toEqual([{ sha256: sha256(bytes), bytes: bytes.length }]);
    expect(document.sha256).toBe(sha256(bytes));
  });

  it('quarantines what clamd finds: no document, the encrypted file moved aside, an audit event without contents', async () => {
    clamd.mode = { answer: 'found', signature: 'Win.Test.EICAR_HDB-1' };
    const bytes = Buffer.concat([await cleanPdf(), Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*')]);
    await expectRefusedUpload(bytes, 422, 'documents.infected', 'Жалоба Иванова.pdf');
    const quarantined = filesUnder('quarantine');
    expect(quarantined).toHaveLength(1);
    const stored = fs.readFileSync(quarantined[0]!);
    expect(stored.subarray(0, 4).toString()).toBe('RDX1');
    expect(stored.includes(Buffer.from('EICAR'))).toBe(false);
    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.quarantined'), eq(auditEvents.recordId, caseId)));
    expect(event).toMatchObject({ actorId: owner.id, recordType: 'case', recordId: caseId });
    expect(event!.data).toMatchObject({ signature: 'Win.Test.EICAR_HDB-1', sha256: sha256(bytes), sizeBytes: bytes.length });
    expect(quarantined[0]!.endsWith((event!.data as { storageKey: string }).storageKey)).toBe(true);
    expect(JSON.stringify(event)).not.toMatch(/Жалоба|EICAR-STANDARD/);
  });

  it('refuses a file too large for clamd to scan, instead of passing it', async () => {
    clamd.mode = { answer: 'size-limit', maxBytes: 100_000 };
    await expectRefusedUpload(pngOf(1_000_000), 413, 'documents.tooLargeToScan', 'photo.png');
    expect(filesUnder('quarantine')).toEqual([]);
  });

  it('refuses every upload when clamd cannot be reached, hangs up or answers nonsense (fails closed)', async () => {
    for (const setUp of [
      () => (process.env.CLAMAV_SOCKET = path.join(path.dirname(clamd.socketPath), 'missing.sock')),
      () => (clamd.mode = { answer: 'hang-up' }),
      () => (clamd.mode = { answer: 'garbage' }),
    ]) {
      setUp();
      await expectRefusedUpload(await cleanPdf(), 503, 'documents.scanUnavailable');
      process.env.CLAMAV_SOCKET = clamd.socketPath;
    }
  });

  it('checks bundle attachments too, quarantining against the bundle', async () => {
    const [bundle] = await getDb().insert(bundles).values({ title: 'Bundle', status: 'finalized', createdById: organizer.id }).returning({ id: bundles.id });
    signIn(organizer);
    const attach = (bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'stamped-cover.pdf');
      return postAttachment(new Request(`http://localhost/api/bundles/${bundle!.id}/attachments?purpose=stamped_cover`, { method: 'POST', body: form }), params(bundle!.id));
    };
    await expectRefusal(await attach(pdfWith('/OpenAction << /S /JavaScript /JS (x) >>')), 422, 'documents.activeContent');
    clamd.mode = { answer: 'found', signature: 'Pdf.Exploit.Test' };
    await expectRefusal(await attach(await cleanPdf()), 422, 'documents.infected');
    expect((await getDb().select({ n: count() }).from(bundleAttachments).where(eq(bundleAttachments.bundleId, bundle!.id)))[0]!.n).toBe(0);
    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.quarantined'), eq(auditEvents.recordId, bundle!.id)));
    expect(event).toMatchObject({ actorId: organizer.id, recordType: 'bundle' });
    clamd.mode = { answer: 'clean' };
    expect((await attach(await cleanPdf())).status).toBe(201);
  });
});

describe('the hourly upload limit', () => {
  afterEach(() => {
    delete process.env.UPLOADS_PER_USER_PER_HOUR;
  });

  it('answers 429 with Retry-After and the minutes to wait, per user', async () => {
    // A fresh applicant: the owner has uploaded plenty in this file already.
    const uploader = await createUser('applicant');
    caseId = await createCase(uploader);
    signIn(uploader);
    process.env.UPLOADS_PER_USER_PER_HOUR = '2';
    const bytes = pngOf(2_000);
    expect((await POST(uploadRequest(bytes, 'a.png'), params(caseId))).status).toBe(201);
    expect((await POST(uploadRequest(bytes, 'b.png'), params(caseId))).status).toBe(201);
    const refused = await POST(uploadRequest(bytes, 'c.png'), params(caseId));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await refused.json()).toEqual({ ok: false, error: 'documents.rateLimited', values: { minutes: Math.ceil(retryAfter / 60) } });
    expect(await documentCount()).toBe(2);
    // Someone else's allowance is their own.
    signIn(otherApplicant);
    const otherCase = await createCase(otherApplicant);
    expect((await POST(uploadRequest(bytes, 'a.png', otherCase), params(otherCase))).status).toBe(201);
  });

  it('says when to retry in every language', async () => {
    for (const locale of ['en', 'ru', 'kk']) {
      const catalog = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')) as { documents: Record<string, string> };
      expect(catalog.documents.rateLimited, locale).toContain('{minutes}');
      for (const key of ['activeContent', 'pdfUnchecked', 'infected', 'tooLargeToScan', 'scanUnavailable', 'emptyFile']) expect(catalog.documents[key], `${locale} ${key}`).toBeTruthy();
    }
  });
});
