import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, cases, documents, type CaseStatus } from '@/db/schema';
import { getCurrentUser } from '@/lib/auth/session';
import type { CurrentUser } from '@/lib/authz';
import { MAX_FILE_BYTES } from '@/lib/documents/limits';
import { addDocument, removeDocument } from '@/lib/documents/mutations';
import { contentDispositionOf, listCaseDocuments, openDocument } from '@/lib/documents/queries';
import { sniffType } from '@/lib/documents/sniff';
import { dataDir } from '@/lib/env';
import { POST } from '@/app/api/cases/[id]/documents/route';
import { DELETE, GET } from '@/app/api/documents/[id]/route';
import { createUser } from '../factories/users';

// Route handlers read the session through next-auth; here the test decides who is signed in.
vi.mock('@/lib/auth/session', () => ({
  getCurrentUser: vi.fn(),
  requestIp: vi.fn(async () => '10.0.0.7'),
}));

const signature = {
  pdf: Buffer.from('%PDF-1.7\n'),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode', 'latin1'),
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]),
  text: Buffer.from('Приговор районного суда: это просто текст, а не PDF.'),
};

/** A file of `size` bytes starting with `head`; the rest is random (incompressible, recognisable). */
const fileOf = (head: Buffer, size = 50_000) => Buffer.concat([head, crypto.randomBytes(size - head.length)]);
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
/** Small and odd-sized chunks, so detection has to look across chunk boundaries. */
const streamOf = (bytes: Buffer) => Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 5), bytes.subarray(5, 20_000), bytes.subarray(20_000)].filter((b) => b.length));

const uploadsDir = () => path.join(dataDir(), 'uploads');
const filesOnDisk = (): string[] =>
  fs.existsSync(uploadsDir())
    ? fs
        .readdirSync(uploadsDir(), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name))
    : [];
const documentCount = async (caseId?: string) =>
  (await getDb().select({ n: count() }).from(documents).where(caseId ? eq(documents.caseId, caseId) : undefined))[0]!.n;
const denied = (promise: Promise<unknown>, code: string, messageKey?: string) =>
  expect(promise).rejects.toMatchObject(messageKey ? { code, messageKey } : { code });

let owner: CurrentUser;
let otherApplicant: CurrentUser;
let reviewer: CurrentUser;
let organizer: CurrentUser;
let admin: CurrentUser;

async function createCase(applicant: CurrentUser, status: CaseStatus = 'draft'): Promise<string> {
  const [row] = await getDb().insert(cases).values({ applicantId: applicant.id, status }).returning({ id: cases.id });
  return row!.id;
}
const setStatus = (caseId: string, status: CaseStatus) => getDb().update(cases).set({ status }).where(eq(cases.id, caseId));

function upload(user: CurrentUser | null, caseId: string, bytes: Buffer, originalName = 'scan.pdf', kind = 'judgment') {
  return addDocument(user, { caseId, kind, originalName, stream: streamOf(bytes) });
}

beforeAll(async () => {
  [owner, otherApplicant, reviewer, organizer, admin] = await Promise.all([
    createUser('applicant'),
    createUser('applicant'),
    createUser('reviewer'),
    createUser('organizer'),
    createUser('admin'),
  ]);
});

describe('type detection', () => {
  it('recognises PDF, JPEG and PNG by their first bytes and nothing else', () => {
    expect(sniffType(signature.pdf)).toBe('application/pdf');
    expect(sniffType(signature.jpeg)).toBe('image/jpeg');
    expect(sniffType(signature.png)).toBe('image/png');
    for (const other of [signature.exe, signature.zip, signature.text, Buffer.alloc(0), Buffer.from('%PD'), signature.png.subarray(0, 7)]) {
      expect(sniffType(other)).toBeNull();
    }
  });
});

describe('uploading and reading documents', () => {
  it.each([
    ['application/pdf', signature.pdf, 'Приговор.pdf'],
    ['image/jpeg', signature.jpeg, 'photo.JPG'],
    ['image/png', signature.png, 'скан.png'],
  ])('stores %s encrypted with its size and SHA-256, and gives the exact bytes back', async (type, head, name) => {
    const caseId = await createCase(owner);
    const bytes = fileOf(head, 120_000);
    const document = await upload(owner, caseId, bytes, name, 'evidence');
    expect(document).toMatchObject({ caseId, kind: 'evidence', originalName: name, contentType: type, sizeBytes: bytes.length, sha256: sha256(bytes), uploaderId: owner.id });

    const [row] = await getDb().select().from(documents).where(eq(documents.id, document.id));
    const onDisk = fs.readFileSync(path.join(uploadsDir(), row!.storageKey));
    expect(onDisk.subarray(0, 4).toString()).toBe('RDX1');
    expect(onDisk.includes(bytes.subarray(1000, 1064))).toBe(false);
    expect(onDisk.includes(head)).toBe(false);

    const opened = await openDocument(owner, document.id);
    expect(opened.document).toEqual(document);
    expect(await buffer(opened.stream)).toEqual(bytes);
    expect(await listCaseDocuments(owner, caseId)).toEqual([document]);

    const [added] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.added'), eq(auditEvents.recordId, document.id)));
    expect(added).toMatchObject({ actorId: owner.id, recordType: 'document', data: { caseId, kind: 'evidence', sizeBytes: bytes.length } });
    expect(JSON.stringify(added)).not.toContain(name);
  });

  it('goes by the bytes, not the name: a ".pdf" that is a PNG is stored as image/png', async () => {
    const caseId = await createCase(owner);
    const document = await upload(owner, caseId, fileOf(signature.png), 'ruling.pdf');
    expect(document.contentType).toBe('image/png');
    expect(contentDispositionOf(document, false)).toContain("filename*=UTF-8''ruling.pdf.png");
  });

  it('keeps a clean display name: no folders, no control or direction-override characters', async () => {
    const caseId = await createCase(owner);
    const document = await upload(owner, caseId, fileOf(signature.pdf), 'C:\\Users\\Айгуль\\Desktop\\жалоба\u202Efdp.exe\u0007');
    expect(document.originalName).toBe('жалобаfdp.exe');
  });

  it.each([
    ['an EXE', signature.exe],
    ['a ZIP', signature.zip],
    ['a text file', signature.text],
  ])('refuses %s as an unsupported type and stores nothing', async (_label, head) => {
    const caseId = await createCase(owner);
    const before = filesOnDisk().length;
    const bytes = fileOf(head, 30_000);
    await denied(upload(owner, caseId, bytes, 'document.pdf'), 'VALIDATION', 'documents.unsupportedType');
    expect(await documentCount(caseId)).toBe(0);
    expect(filesOnDisk()).toHaveLength(before);
  });

  it('refuses an unknown kind', async () => {
    const caseId = await createCase(owner);
    await denied(upload(owner, caseId, fileOf(signature.pdf), 'a.pdf', 'selfie'), 'VALIDATION', 'documents.kindRequired');
    expect(await documentCount(caseId)).toBe(0);
  });

  it('refuses a file over 20 MiB without holding it, and leaves nothing on disk', async () => {
    const caseId = await createCase(owner);
    const before = filesOnDisk().length;
    async function* oversized() {
      yield Buffer.concat([signature.pdf, Buffer.alloc(1024 * 1024 - signature.pdf.length)]);
      for (let i = 1; i <= 20; i++) yield Buffer.alloc(1024 * 1024, i);
      yield Buffer.alloc(1);
    }
    const stream = Readable.from(oversized());
    await denied(addDocument(owner, { caseId, kind: 'judgment', originalName: 'big.pdf', stream }), 'VALIDATION', 'documents.tooLarge');
    expect(await documentCount(caseId)).toBe(0);
    expect(filesOnDisk()).toHaveLength(before);
  });

  it('accepts a file of exactly the limit', async () => {
    const caseId = await createCase(owner);
    const limits = { fileBytes: 4096, caseBytes: 100_000 };
    const bytes = fileOf(signature.pdf, 4096);
    const document = await addDocument(owner, { caseId, kind: 'other', originalName: 'a.pdf', stream: streamOf(bytes) }, { limits });
    expect(document.sizeBytes).toBe(4096);
    await denied(
      addDocument(owner, { caseId, kind: 'other', originalName: 'b.pdf', stream: streamOf(fileOf(signature.pdf, 4097)) }, { limits }),
      'VALIDATION',
      'documents.tooLarge',
    );
  });

  it('enforces the total per case, also for uploads running at the same time', async () => {
    const caseId = await createCase(owner);
    const limits = { fileBytes: 1000, caseBytes: 2500 };
    const add = (size: number) => addDocument(owner, { caseId, kind: 'evidence', originalName: 'p.png', stream: streamOf(fileOf(signature.png, size)) }, { limits });
    await add(1000);
    await add(1000);
    const before = filesOnDisk().length;
    // 500 bytes of room: a 1000-byte file is too much for the case, not for the per-file limit.
    await denied(add(1000), 'VALIDATION', 'documents.caseTooLarge');
    await add(500);
    await denied(add(100), 'VALIDATION', 'documents.caseTooLarge');
    expect(await documentCount(caseId)).toBe(3);
    expect(filesOnDisk()).toHaveLength(before + 1);

    const raceCase = await createCase(owner);
    const race = (size: number) =>
      addDocument(owner, { caseId: raceCase, kind: 'evidence', originalName: 'r.pdf', stream: streamOf(fileOf(signature.pdf, size)) }, { limits: { fileBytes: 1000, caseBytes: 1500 } });
    const filesBefore = filesOnDisk().length;
    const results = await Promise.allSettled([race(1000), race(1000)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { messageKey: 'documents.caseTooLarge' } });
    expect(await documentCount(raceCase)).toBe(1);
    expect(filesOnDisk()).toHaveLength(filesBefore + 1);
  });

  it('removes the row and the file, with an audit event', async () => {
    const caseId = await createCase(owner);
    const document = await upload(owner, caseId, fileOf(signature.jpeg));
    const [row] = await getDb().select().from(documents).where(eq(documents.id, document.id));
    await removeDocument(owner, document.id, { ip: '10.1.2.3' });
    expect(await documentCount(caseId)).toBe(0);
    expect(fs.existsSync(path.join(uploadsDir(), row!.storageKey))).toBe(false);
    const [removed] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.removed'), eq(auditEvents.recordId, document.id)));
    expect(removed).toMatchObject({ actorId: owner.id, recordType: 'document', data: { caseId, kind: 'judgment' } });
    await denied(removeDocument(owner, document.id), 'NOT_FOUND', 'documents.notFound');
  });
});

describe('who may do what with documents', () => {
  let draftCase: string;
  let draftDocument: string;
  let submittedCase: string;
  let submittedDocument: string;
  let storedBytes: Buffer;

  beforeAll(async () => {
    draftCase = await createCase(owner);
    draftDocument = (await upload(owner, draftCase, fileOf(signature.pdf))).id;
    submittedCase = await createCase(owner);
    storedBytes = fileOf(signature.png, 70_000);
    submittedDocument = (await upload(owner, submittedCase, storedBytes)).id;
    await setStatus(submittedCase, 'submitted');
  });

  /** Rows and files before and after: a refusal changes neither. */
  async function expectNothingChanged(run: () => Promise<void>) {
    const rows = await getDb().select().from(documents).orderBy(documents.id);
    const files = filesOnDisk().sort();
    await run();
    expect(await getDb().select().from(documents).orderBy(documents.id)).toEqual(rows);
    expect(filesOnDisk().sort()).toEqual(files);
  }

  it('refuses another applicant everything, as not found', async () => {
    await expectNothingChanged(async () => {
      for (const caseId of [draftCase, submittedCase]) {
        await denied(upload(otherApplicant, caseId, fileOf(signature.pdf)), 'NOT_FOUND', 'documents.notFound');
        await denied(listCaseDocuments(otherApplicant, caseId), 'NOT_FOUND', 'documents.notFound');
      }
      for (const documentId of [draftDocument, submittedDocument]) {
        await denied(openDocument(otherApplicant, documentId), 'NOT_FOUND', 'documents.notFound');
        await denied(removeDocument(otherApplicant, documentId), 'NOT_FOUND', 'documents.notFound');
      }
    });
  });

  it('refuses staff adding or removing documents', async () => {
    await expectNothingChanged(async () => {
      for (const staff of [reviewer, organizer, admin]) {
        for (const caseId of [draftCase, submittedCase]) {
          await expect(upload(staff, caseId, fileOf(signature.pdf))).rejects.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
        }
        for (const documentId of [draftDocument, submittedDocument]) {
          await expect(removeDocument(staff, documentId)).rejects.toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
        }
      }
    });
  });

  it('refuses a visitor who is not signed in', async () => {
    await expectNothingChanged(async () => {
      await denied(upload(null, draftCase, fileOf(signature.pdf)), 'UNAUTHENTICATED', 'documents.signedOut');
      await denied(listCaseDocuments(null, submittedCase), 'UNAUTHENTICATED');
      await denied(openDocument(null, submittedDocument), 'UNAUTHENTICATED');
      await denied(removeDocument(null, draftDocument), 'UNAUTHENTICATED');
    });
  });

  it('answers not found for ids that do not exist or are not ids', async () => {
    for (const id of [crypto.randomUUID(), 'not-a-uuid', "'; drop table documents; --"]) {
      await denied(upload(owner, id, fileOf(signature.pdf)), 'NOT_FOUND');
      await denied(listCaseDocuments(owner, id), 'NOT_FOUND');
      await denied(openDocument(owner, id), 'NOT_FOUND');
      await denied(removeDocument(owner, id), 'NOT_FOUND');
    }
  });

  it("hides a draft's documents from staff, without an audit event", async () => {
    const auditBefore = await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'document.viewed'));
    for (const staff of [reviewer, organizer, admin]) {
      await denied(openDocument(staff, draftDocument), 'NOT_FOUND', 'documents.notFound');
      await denied(listCaseDocuments(staff, draftCase), 'NOT_FOUND', 'documents.notFound');
    }
    const auditAfter = await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'document.viewed'));
    expect(auditAfter).toEqual(auditBefore);
  });

  it("lets staff read a submitted case's documents, and audits each view", async () => {
    for (const staff of [reviewer, organizer, admin]) {
      expect((await listCaseDocuments(staff, submittedCase)).map((d) => d.id)).toEqual([submittedDocument]);
      const opened = await openDocument(staff, submittedDocument, { ip: '10.9.8.7' });
      expect(await buffer(opened.stream)).toEqual(storedBytes);
      const events = await getDb()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'document.viewed'), eq(auditEvents.actorId, staff.id)));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ recordType: 'document', recordId: submittedDocument, data: { caseId: submittedCase, kind: 'judgment' } });
      expect(events[0]!.actorIpHash).toMatch(/^[a-f0-9]+$/);
      expect(JSON.stringify(events[0])).not.toContain('scan.pdf');
    }
    // The applicant reading their own document is not a staff view.
    await buffer((await openDocument(owner, submittedDocument)).stream);
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'document.viewed'), eq(auditEvents.actorId, owner.id)))).toHaveLength(0);
  });

  it('lets the owner change documents only while the case is a draft or needs information', async () => {
    await expectNothingChanged(async () => {
      await denied(upload(owner, submittedCase, fileOf(signature.pdf)), 'CONFLICT', 'documents.locked');
      await denied(removeDocument(owner, submittedDocument), 'CONFLICT', 'documents.locked');
    });
    for (const status of ['in_review', 'accepted', 'withdrawn'] as const) {
      await setStatus(submittedCase, status);
      await denied(upload(owner, submittedCase, fileOf(signature.pdf)), 'CONFLICT', 'documents.locked');
    }
    await setStatus(submittedCase, 'needs_info');
    const added = await upload(owner, submittedCase, fileOf(signature.jpeg));
    await removeDocument(owner, added.id);
    expect((await listCaseDocuments(owner, submittedCase)).map((d) => d.id)).toEqual([submittedDocument]);
    await setStatus(submittedCase, 'submitted');
  });
});

describe('document route handlers', () => {
  let caseId: string;
  const signIn = (user: CurrentUser | null) => vi.mocked(getCurrentUser).mockResolvedValue(user);
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  function uploadRequest(parts: [string, string | Blob, string?][]) {
    const form = new FormData();
    for (const [name, value, fileName] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, fileName);
    }
    return new Request(`http://localhost/api/cases/${caseId}/documents`, { method: 'POST', body: form });
  }

  beforeEach(async () => {
    caseId = await createCase(owner);
    signIn(owner);
  });

  it('streams a multipart upload into storage and answers with the document', async () => {
    const bytes = fileOf(signature.pdf, 300_000);
    const response = await POST(uploadRequest([['kind', 'cassation_ruling'], ['file', new Blob([bytes], { type: 'image/png' }), 'Постановление №5.pdf']]), params(caseId));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { ok: true; document: Record<string, unknown> };
    expect(body).toMatchObject({
      ok: true,
      document: { kind: 'cassation_ruling', originalName: 'Постановление №5.pdf', contentType: 'application/pdf', sizeBytes: bytes.length, sha256: sha256(bytes) },
    });
    expect(Object.keys(body.document).sort()).toEqual(['contentType', 'createdAt', 'id', 'kind', 'originalName', 'sha256', 'sizeBytes']);

    const inline = await GET(new Request(`http://localhost/api/documents/${String(body.document.id)}`), params(String(body.document.id)));
    expect(inline.status).toBe(200);
    expect(Object.fromEntries(inline.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(inline.headers.get('content-disposition')).toBe(
      `inline; filename="${'Постановление №5.pdf'.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent('Постановление №5.pdf')}`,
    );
    expect(Buffer.from(await inline.arrayBuffer())).toEqual(bytes);

    const download = await GET(new Request(`http://localhost/api/documents/${String(body.document.id)}?download=1`), params(String(body.document.id)));
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    await download.body?.cancel();

    const removed = await DELETE(new Request('http://localhost/', { method: 'DELETE' }), params(String(body.document.id)));
    expect(await removed.json()).toEqual({ ok: true });
    const again = await DELETE(new Request('http://localhost/', { method: 'DELETE' }), params(String(body.document.id)));
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ ok: false, error: 'documents.notFound' });
  });

  it('keeps nothing of an upload whose connection drops half-way', async () => {
    const before = filesOnDisk().length;
    const boundary = 'redress-test-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\njudgment\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(Buffer.concat([head, signature.pdf]));
        else if (sent < 10) controller.enqueue(crypto.randomBytes(64 * 1024));
        else controller.error(new Error('connection reset'));
        sent += 1;
      },
    });
    const request = new Request(`http://localhost/api/cases/${caseId}/documents`, {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      duplex: 'half',
    } as RequestInit);
    const response = await POST(request, params(caseId));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: 'documents.invalidRequest' });
    expect(await documentCount(caseId)).toBe(0);
    expect(filesOnDisk()).toHaveLength(before);
  });

  it('answers each refusal with its status and catalog key, storing nothing', async () => {
    const before = filesOnDisk().length;
    const expectAnswer = async (response: Response, status: number, error: string) => {
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ ok: false, error });
    };
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([fileOf(signature.zip)]), 'a.pdf']]), params(caseId)), 415, 'documents.unsupportedType');
    await expectAnswer(await POST(uploadRequest([['file', new Blob([fileOf(signature.pdf)]), 'a.pdf'], ['kind', 'judgment']]), params(caseId)), 400, 'documents.kindRequired');
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment']]), params(caseId)), 400, 'documents.fileRequired');
    await expectAnswer(
      await POST(new Request('http://localhost/', { method: 'POST', body: 'kind=judgment', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), params(caseId)),
      400,
      'documents.fileRequired',
    );
    await expectAnswer(
      await POST(new Request('http://localhost/', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }), params(caseId)),
      400,
      'documents.invalidRequest',
    );
    const oversized = Buffer.concat([signature.pdf, Buffer.alloc(MAX_FILE_BYTES + 1 - signature.pdf.length)]);
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([oversized]), 'big.pdf']]), params(caseId)), 413, 'documents.tooLarge');
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([fileOf(signature.pdf)]), 'a.pdf']]), params(crypto.randomUUID())), 404, 'documents.notFound');

    signIn(otherApplicant);
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([fileOf(signature.pdf)]), 'a.pdf']]), params(caseId)), 404, 'documents.notFound');
    signIn(reviewer);
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([fileOf(signature.pdf)]), 'a.pdf']]), params(caseId)), 403, 'documents.forbidden');
    signIn(null);
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([fileOf(signature.pdf)]), 'a.pdf']]), params(caseId)), 401, 'documents.signedOut');
    await expectAnswer(await GET(new Request('http://localhost/'), params(crypto.randomUUID())), 401, 'documents.signedOut');

    signIn(owner);
    await setStatus(caseId, 'submitted');
    await expectAnswer(await POST(uploadRequest([['kind', 'judgment'], ['file', new Blob([fileOf(signature.pdf)]), 'a.pdf']]), params(caseId)), 409, 'documents.locked');

    expect(await documentCount(caseId)).toBe(0);
    expect(filesOnDisk()).toHaveLength(before);
  });
});
