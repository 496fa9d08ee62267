import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import {
  auditEvents,
  authTokens,
  bundleCases,
  bundles,
  caseEvents,
  cases,
  documents,
  jobs,
  messages,
  petitions,
  recoveryCodes,
  settings,
  signatures,
  userSessions,
  users,
  type CaseStatus,
} from '@/db/schema';
import { authenticate } from '@/lib/accounts/mutations';
import { getCurrentUser } from '@/lib/auth/session';
import { startSession } from '@/lib/auth/sessions';
import type { CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { createPetition, openPetition, closePetition } from '@/lib/petitions/mutations';
import { exportSignatures } from '@/lib/petitions/signature-export';
import { signPetition } from '@/lib/petitions/signing';
import { deletedAccountEmail, deleteMyAccount, planAccountDeletion } from '@/lib/privacy/deletion';
import { EXPORTS_PER_HOUR, ExportRateLimitedError, exportMyData } from '@/lib/privacy/export';
import { runPrivacyMaintenance } from '@/lib/privacy/maintenance';
import { declinedRetentionDays, loadPrivacySettings, updatePrivacySettings } from '@/lib/privacy/retention';
import { signatureEmailHash } from '@/lib/privacy/signatures';
import { getStorage } from '@/lib/storage';
import { deleteAccountAction } from '@/app/[locale]/account/privacy/actions';
import { updateRetentionAction } from '@/app/[locale]/(admin)/admin/settings/actions';
import { GET as exportRoute } from '@/app/api/account/export/route';
import { createCase, DAY_MS } from '../factories/cases';
import { createUser, TEST_PASSWORD } from '../factories/users';

// Server actions and the route read the session through next-auth; here the test decides who is signed in.
vi.mock('@/lib/auth/session', () => ({
  getCurrentUser: vi.fn(),
  requestIp: vi.fn(async () => '10.0.0.9'),
}));
const signIn = (user: CurrentUser | null) => vi.mocked(getCurrentUser).mockResolvedValue(user);

const db = () => getDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-privacy-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Staff as the session sees them once enrolled in two-factor sign-in (required for staff). */
const staff = async (role: 'reviewer' | 'organizer' | 'admin', name?: string): Promise<CurrentUser> => ({ ...(await createUser(role, name ? { name } : {})), twoFactor: true });
const applicantNamed = async (name: string): Promise<CurrentUser> => ({ ...(await createUser('applicant', { name })), twoFactor: false });

let organizer: CurrentUser;
let reviewer: CurrentUser;
let admin: CurrentUser;

beforeAll(async () => {
  [organizer, reviewer, admin] = await Promise.all([staff('organizer', 'Ержан Тоқтаров'), staff('reviewer', 'Заңгер Әлия Серікова'), staff('admin')]);
});

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const pdfBytes = (label: string, size = 30_000) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${label}\n`), crypto.randomBytes(size)]);

/** A document really stored (encrypted), as an upload leaves it. */
async function storedDocument(caseId: string, uploaderId: string, originalName: string, bytes: Buffer) {
  const stored = await getStorage().put(Readable.from([bytes]));
  const [row] = await db()
    .insert(documents)
    .values({ caseId, kind: 'judgment', originalName, contentType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: stored.key, uploaderId })
    .returning();
  return row!;
}

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

function saved(bytes: Buffer): string {
  const file = path.join(tmp, `${crypto.randomUUID()}.zip`);
  fs.writeFileSync(file, bytes);
  return file;
}

const unzipList = (zip: string) => execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
const unzipFile = (zip: string, entry: string) => execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 64 * 1024 * 1024 });

/** A petition organizers opened (optionally with a closing day). */
async function openedPetition(closesOn = '') {
  const slug = `privacy-${crypto.randomBytes(4).toString('hex')}`;
  const { id } = await createPetition(db(), organizer, {
    slug,
    titleKk: 'Арнайы комиссия құрылсын',
    titleRu: 'Создать специальную комиссию',
    titleEn: 'Create a special commission',
    bodyKk: 'Біз даулы сот үкімдерін қайта қарайтын арнайы комиссия құруды сұраймыз.',
    bodyRu: 'Мы просим создать специальную комиссию по пересмотру спорных судебных решений.',
    bodyEn: 'We ask for a special commission to review controversial court rulings.',
    addressee: 'Президенту Республики Казахстан',
    signatureGoal: '1000',
    opensOn: '',
    closesOn,
  });
  const row = async () => (await db().select().from(petitions).where(eq(petitions.id, id)))[0]!;
  await openPetition(db(), organizer, { petitionId: id, version: (await row()).version, isConfirmed: true });
  return row();
}

async function addSignature(petitionId: string, email: string | null, overrides: Partial<typeof signatures.$inferInsert> = {}) {
  const [row] = await db()
    .insert(signatures)
    .values({ petitionId, name: 'Сәуле Бекова', email, regionCode: 'almaty_city', confirmedAt: new Date(), counted: false, ...overrides })
    .returning();
  return row!;
}

/** A bundle row in `status` holding `caseIds` (what finalizing and submitting leave, for the rule's sake). */
async function bundleWith(status: 'draft' | 'finalized' | 'submitted' | 'answered', caseIds: string[]) {
  const [bundle] = await db().insert(bundles).values({ title: `Пакет ${status}`, status, createdById: organizer.id }).returning();
  for (const [i, caseId] of caseIds.entries()) await db().insert(bundleCases).values({ bundleId: bundle!.id, caseId, position: i + 1 });
  return bundle!;
}

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
};

describe('downloading one’s data', () => {
  it('gives a ZIP with data.json of the applicant’s own cases and their decrypted documents, hashes intact, and nothing of anyone else', async () => {
    const alice = await applicantNamed('Әлия Нұрланқызы Серікова');
    const bob = await applicantNamed('Бауыржан Өмірзақұлы');
    const submitted = await createCase(alice, { status: 'in_review', narrative: 'Алиса: куәгер қысыммен айғақ берді.', contactPhone: '+7 701 555 12 34' });
    const draft = await createCase(alice, { status: 'draft', narrative: 'Жоба мәтіні' });
    const judgment = pdfBytes('alice judgment');
    const appeal = pdfBytes('alice appeal');
    const draftScan = pdfBytes('alice draft');
    await storedDocument(submitted.id, alice.id, 'үкім.pdf', judgment);
    await storedDocument(submitted.id, alice.id, '../../etc/passwd\u0007.pdf', appeal);
    await storedDocument(draft.id, alice.id, 'scan.pdf', draftScan);
    await db().insert(caseEvents).values([
      { caseId: submitted.id, actorId: alice.id, type: 'status_changed', fromStatus: 'draft', toStatus: 'submitted' },
      { caseId: submitted.id, actorId: reviewer.id, type: 'note_added', isVisibleToApplicant: false, data: { internal: 'ішкі жазба' } },
    ]);
    await db().insert(messages).values([
      { caseId: submitted.id, authorId: reviewer.id, body: 'Апелляциялық қаулыны жүктеңіз.', createdAt: new Date(Date.now() - 60_000) },
      { caseId: submitted.id, authorId: alice.id, body: 'Жүктедім.' },
    ]);
    const petition = await openedPetition();
    await addSignature(petition.id, alice.email);

    const bobCase = await createCase(bob, { status: 'submitted', narrative: 'BOB-SECRET-NARRATIVE' });
    const bobBytes = pdfBytes('bob judgment');
    await storedDocument(bobCase.id, bob.id, 'bob.pdf', bobBytes);

    const file = await exportMyData(alice, { ip: '10.0.0.1' });
    expect(file.contentType).toBe('application/zip');
    const bytes = await bytesOf(file.body);
    const zip = saved(bytes);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toContain('No errors detected');

    const entries = unzipList(zip);
    expect(entries[0]).toBe('data.json');
    const docEntries = entries.filter((e) => e.startsWith('documents/'));
    expect(docEntries).toHaveLength(3);
    expect(docEntries.filter((e) => e.startsWith(`documents/${submitted.reference}/`))).toHaveLength(2);
    expect(docEntries.filter((e) => e.startsWith(`documents/draft-${draft.id.slice(0, 8)}/`))).toHaveLength(1);
    // No file name escapes its folder or carries control characters.
    for (const e of docEntries) expect(e.split('/')).toHaveLength(3);
    expect(docEntries.join('')).not.toMatch(/[\u0000-\u001f]|\.\.\//);

    const data = JSON.parse(unzipFile(zip, 'data.json').toString('utf8')) as {
      account: Record<string, unknown>;
      cases: { id: string; reference: string | null; narrative: string; contactPhone: string; events: { type: string }[]; messages: { from: string; body: string }[]; documents: { sha256: string; file: string }[] }[];
      consents: { caseId: string }[];
      petitionSignatures: { petitionSlug: string; email: string }[];
    };
    expect(data.account).toMatchObject({ id: alice.id, email: alice.email, name: alice.name });
    expect(Object.keys(data.account)).not.toContain('passwordHash');
    expect(data.cases.map((c) => c.id).sort()).toEqual([submitted.id, draft.id].sort());
    const mine = data.cases.find((c) => c.id === submitted.id)!;
    expect(mine).toMatchObject({ reference: submitted.reference, narrative: 'Алиса: куәгер қысыммен айғақ берді.', contactPhone: '+7 701 555 12 34' });
    expect(mine.events.map((e) => e.type)).toEqual(['status_changed']);
    expect(mine.messages).toEqual([
      expect.objectContaining({ from: 'reviewer', body: 'Апелляциялық қаулыны жүктеңіз.' }),
      expect.objectContaining({ from: 'you', body: 'Жүктедім.' }),
    ]);
    expect(data.consents.map((c) => c.caseId).sort()).toEqual([submitted.id, draft.id].sort());
    expect(data.petitionSignatures).toEqual([expect.objectContaining({ petitionSlug: petition.slug, email: alice.email })]);

    // Every document's bytes are the original ones: the SHA-256 in data.json, of the file in the ZIP.
    const originals = new Map([judgment, appeal, draftScan].map((b) => [sha256(b), b]));
    for (const c of data.cases) {
      for (const d of c.documents) {
        const content = unzipFile(zip, d.file);
        expect(sha256(content)).toBe(d.sha256);
        expect(originals.get(d.sha256)?.equals(content)).toBe(true);
      }
    }

    // The ZIP stores files as they are (no compression), so nothing of Bob's can hide in it.
    for (const secret of [bob.email, bob.name, bobCase.id, 'BOB-SECRET-NARRATIVE', 'ішкі жазба', reviewer.name]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(bobBytes.subarray(100, 200))).toBe(false);

    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'account.exported'), eq(auditEvents.actorId, alice.id)));
    expect(audit).toMatchObject({ recordType: 'user', recordId: alice.id, data: { cases: 2, documents: 3 } });
  });

  it(`allows ${EXPORTS_PER_HOUR} downloads an hour, then says when to retry`, async () => {
    const carol = await applicantNamed('Карлығаш Әбенова');
    const now = new Date('2031-03-01T10:15:00Z');
    for (let i = 0; i < EXPORTS_PER_HOUR; i++) await bytesOf((await exportMyData(carol, { now })).body);
    const refused = await rejection(exportMyData(carol, { now }));
    expect(refused).toBeInstanceOf(ExportRateLimitedError);
    expect((refused as ExportRateLimitedError).retryAfterSeconds).toBe(45 * 60);
    await bytesOf((await exportMyData(carol, { now: new Date('2031-03-01T11:00:01Z') })).body);
  });

  it('is refused to visitors, by the library and by the route', async () => {
    await expect(exportMyData(null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    signIn(null);
    const response = await exportRoute(new Request('http://localhost/api/account/export?locale=kk'));
    expect(response.status).toBe(401);
  });

  it('streams through the route as an attachment; over the limit a browser is sent back to the page and other clients get 429', async () => {
    const dana = await applicantNamed('Дана Ерланқызы');
    signIn(dana);
    const ok = await exportRoute(new Request('http://localhost/api/account/export?locale=kk'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/zip');
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="redress-my-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(ok.headers.get('cache-control')).toBe('private, no-store');
    expect((await bytesOf(ok.body!)).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    for (let i = 1; i < EXPORTS_PER_HOUR; i++) await (await exportRoute(new Request('http://localhost/api/account/export'))).arrayBuffer();
    const browser = await exportRoute(new Request('http://localhost/api/account/export?locale=kk', { headers: { 'sec-fetch-mode': 'navigate' } }));
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toMatch(/\/kk\/account\/privacy\?exportRetryAfter=\d+#export$/);
    const script = await exportRoute(new Request('http://localhost/api/account/export'));
    expect(script.status).toBe(429);
    expect(Number(script.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('deleting one’s account', () => {
  it('erases drafts, withdrawn, declined and unfiled cases with their files, keeps a filed case, and anonymizes the account', async () => {
    const name = 'Ғалымжан Өтегенұлы Үсенов';
    const erin = await applicantNamed(name);
    const email = erin.email;
    const statuses: CaseStatus[] = ['draft', 'withdrawn', 'declined', 'in_review'];
    const doomed = [];
    for (const status of statuses) doomed.push(await createCase(erin, { status }));
    const inDraftBundle = await createCase(erin, { status: 'accepted' });
    doomed.push(inDraftBundle);
    const filed = await createCase(erin, { status: 'filed', contactPhone: '+7 777 000 11 22' });
    // Answered by the prosecutor, its bundle rows missing (older data): its status alone keeps it.
    const answered = await createCase(erin, { status: 'protest_refused' });
    const doomedFiles = [];
    for (const c of doomed) doomedFiles.push(await storedDocument(c.id, erin.id, 'үкім.pdf', pdfBytes(c.status)));
    const filedFile = await storedDocument(filed.id, erin.id, 'үкім.pdf', pdfBytes('filed'));
    const draftBundle = await bundleWith('draft', [inDraftBundle.id]);
    const submittedBundle = await bundleWith('submitted', [filed.id]);
    await db().insert(messages).values({ caseId: filed.id, authorId: erin.id, body: 'Рақмет!' });
    const petition = await openedPetition();
    const signature = await addSignature(petition.id, email);
    const sessionId = await startSession(db(), erin.id, '10.0.0.5');
    await db().insert(recoveryCodes).values({ userId: erin.id, codeHash: 'a'.repeat(64) });
    await db().insert(authTokens).values({ userId: erin.id, purpose: 'reset_password', tokenHash: 'b'.repeat(64), expiresAt: new Date(Date.now() + DAY_MS) });
    const [queuedMail] = await db()
      .insert(jobs)
      .values({ kind: 'mail', payload: { to: email, subject: 'Статус дела изменён', text: name, html: name, locale: 'ru' }, runAt: new Date(Date.now() + DAY_MS) })
      .returning();

    const plan = await planAccountDeletion(erin);
    expect(plan.canDelete).toBe(true);
    expect(plan.erased.map((c) => c.id).sort()).toEqual(doomed.map((c) => c.id).sort());
    expect(plan.kept.map((c) => c.id).sort()).toEqual([filed.id, answered.id].sort());

    // The typed confirmation and the password are checked first, each beside its field.
    await expect(deleteMyAccount(db(), erin, { confirmation: 'someone@example.kz', password: TEST_PASSWORD })).rejects.toMatchObject({
      field: 'confirmation',
      messageKey: 'validation.confirmationMismatch',
    });
    await expect(deleteMyAccount(db(), erin, { confirmation: email, password: 'not my password' })).rejects.toMatchObject({ field: 'password', messageKey: 'privacy.delete.wrongPassword' });
    expect(await db().select().from(cases).where(eq(cases.applicantId, erin.id))).toHaveLength(7);

    expect(await deleteMyAccount(db(), erin, { confirmation: `  ${email.toUpperCase()} `, password: TEST_PASSWORD }, { ip: '10.0.0.5' })).toEqual({ erasedCases: 5, keptCases: 2 });

    // Erased: rows and stored files.
    expect(await db().select().from(cases).where(inArray(cases.id, doomed.map((c) => c.id)))).toEqual([]);
    expect(await db().select().from(documents).where(inArray(documents.id, doomedFiles.map((d) => d.id)))).toEqual([]);
    for (const d of doomedFiles) expect(await getStorage().exists(d.storageKey)).toBe(false);
    expect(await db().select().from(bundleCases).where(eq(bundleCases.bundleId, draftBundle.id))).toEqual([]);
    expect((await db().select().from(bundles).where(eq(bundles.id, draftBundle.id)))[0]!.version).toBe(draftBundle.version + 1);

    // Kept for the legal record: the filed case, its document and message, without the contact phone.
    const [kept] = await db().select().from(cases).where(eq(cases.id, filed.id));
    expect(kept).toMatchObject({ status: 'filed', applicantId: erin.id, contactPhone: null, reference: filed.reference });
    expect(kept!.searchText).not.toContain(name.toLowerCase().split(' ')[0]);
    expect(await getStorage().exists(filedFile.storageKey)).toBe(true);
    expect(await db().select({ id: cases.id }).from(cases).where(eq(cases.id, answered.id))).toHaveLength(1);
    expect(await db().select().from(bundleCases).where(eq(bundleCases.bundleId, submittedBundle.id))).toHaveLength(1);
    expect(await db().select().from(messages).where(eq(messages.caseId, filed.id))).toHaveLength(1);

    // The account: no name or address left anywhere in users, no way to sign in.
    const [account] = await db().select().from(users).where(eq(users.id, erin.id));
    expect(account).toMatchObject({ email: deletedAccountEmail(erin.id), totpSecret: null, totpEnabledAt: null });
    expect(account!.name).not.toContain('Ғалымжан');
    expect(account!.deletedAt).toBeInstanceOf(Date);
    expect(account!.disabledAt).toBeInstanceOf(Date);
    const leftovers = await db()
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email} or ${users.name} = ${name}`);
    expect(leftovers).toEqual([]);
    await expect(authenticate(db(), { email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticate(db(), { email: deletedAccountEmail(erin.id), password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const [session] = await db().select().from(userSessions).where(eq(userSessions.id, sessionId));
    expect(session!.endedAt).toBeInstanceOf(Date);
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, erin.id))).toEqual([]);
    expect(await db().select().from(authTokens).where(eq(authTokens.userId, erin.id))).toEqual([]);
    expect(await db().select().from(jobs).where(eq(jobs.id, queuedMail!.id))).toEqual([]);

    // The signature belongs to the petition: it stays.
    expect(await db().select().from(signatures).where(eq(signatures.id, signature.id))).toHaveLength(1);

    // Audited, without personal data.
    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, erin.id), inArray(auditEvents.action, ['account.deleted', 'case.erased'])))
      .orderBy(asc(auditEvents.id));
    expect(events.filter((e) => e.action === 'case.erased').map((e) => e.recordId).sort()).toEqual(doomed.map((c) => c.id).sort());
    expect(events.at(-1)).toMatchObject({ action: 'account.deleted', recordId: erin.id, data: { erasedCases: 5, keptCases: 2 } });
    const text = JSON.stringify(events);
    expect(text).not.toContain(email);
    expect(text).not.toContain('Ғалымжан');

    // A second attempt finds no account.
    await expect(deleteMyAccount(db(), erin, { confirmation: email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('is refused to staff (admins disable them) and to visitors', async () => {
    for (const user of [reviewer, organizer, admin]) {
      await expect(deleteMyAccount(db(), user, { confirmation: user.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'privacy.delete.staffCannot' });
      expect((await planAccountDeletion(user)).canDelete).toBe(false);
      expect((await db().select().from(users).where(eq(users.id, user.id)))[0]!.deletedAt).toBeNull();
    }
    await expect(deleteMyAccount(db(), null, { confirmation: 'x@example.kz', password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    signIn(null);
    expect(await deleteAccountAction({ confirmation: 'x@example.kz', password: TEST_PASSWORD })).toEqual({ ok: false, formError: 'errors.UNAUTHENTICATED' });
    signIn(reviewer);
    expect(await deleteAccountAction({ confirmation: reviewer.email, password: TEST_PASSWORD })).toEqual({ ok: false, formError: 'privacy.delete.staffCannot' });
  });

  it('puts the action’s errors beside their fields', async () => {
    const fay = await applicantNamed('Фариза Оңғарсынова');
    signIn(fay);
    expect(await deleteAccountAction({ confirmation: '', password: '' })).toEqual({
      ok: false,
      fieldErrors: { confirmation: ['validation.typeEmailToConfirm'], password: ['validation.required'] },
    });
    expect(await deleteAccountAction({ confirmation: 'other@example.kz', password: TEST_PASSWORD })).toEqual({ ok: false, fieldErrors: { confirmation: ['validation.confirmationMismatch'] } });
  });
});

describe('signatures', () => {
  it('purges unconfirmed signatures once they are 7 days old, not at 6, and never confirmed ones', async () => {
    const petition = await openedPetition();
    const created = new Date('2031-05-01T08:00:00Z');
    const expires = new Date(created.getTime() + 7 * DAY_MS);
    const waiting = await addSignature(petition.id, `waiting-${crypto.randomBytes(3).toString('hex')}@example.kz`, { confirmedAt: null, createdAt: created, tokenExpiresAt: expires });
    const confirmed = await addSignature(petition.id, `confirmed-${crypto.randomBytes(3).toString('hex')}@example.kz`, { confirmedAt: created, createdAt: created, counted: true });

    await runPrivacyMaintenance(db(), new Date(created.getTime() + 6 * DAY_MS));
    expect(await db().select({ id: signatures.id }).from(signatures).where(eq(signatures.petitionId, petition.id))).toHaveLength(2);

    const report = await runPrivacyMaintenance(db(), new Date(created.getTime() + 7 * DAY_MS + 60_000));
    expect(report?.purgedSignatures).toBeGreaterThanOrEqual(1);
    const left = await db().select({ id: signatures.id }).from(signatures).where(eq(signatures.petitionId, petition.id));
    expect(left.map((s) => s.id)).toEqual([confirmed.id]);
    expect(left.map((s) => s.id)).not.toContain(waiting.id);
  });

  it('replaces addresses by a keyed hash when a petition closes: duplicates stay detectable, the CSV shows no address, signing is refused', async () => {
    const closing = await openedPetition();
    const lapsed = await openedPetition();
    const stillOpen = await openedPetition();
    const address = `signer-${crypto.randomBytes(4).toString('hex')}@example.kz`;
    const first = await addSignature(closing.id, address);
    const other = await addSignature(closing.id, `other-${crypto.randomBytes(4).toString('hex')}@example.kz`);
    const lapsedSignature = await addSignature(lapsed.id, address);
    const openSignature = await addSignature(stillOpen.id, address);

    await closePetition(db(), organizer, { petitionId: closing.id, version: closing.version, isConfirmed: true });
    // Its closing day passed three days ago: closed to visitors before anyone closes it by hand.
    await db().update(petitions).set({ closesAt: new Date(Date.now() - 3 * DAY_MS) }).where(eq(petitions.id, lapsed.id));

    await runPrivacyMaintenance(db(), new Date());
    const byId = async (id: string) => (await db().select().from(signatures).where(eq(signatures.id, id)))[0]!;
    expect(await byId(first.id)).toMatchObject({ email: null, emailHash: signatureEmailHash(address) });
    expect((await byId(other.id)).email).toBeNull();
    expect(await byId(lapsedSignature.id)).toMatchObject({ email: null, emailHash: signatureEmailHash(address) });
    expect(await byId(openSignature.id)).toMatchObject({ email: address, emailHash: null });
    // The same address, however typed, hashes the same; the stored hash is not the address's plain SHA-256.
    expect(signatureEmailHash(`  ${address.toUpperCase()} `)).toBe((await byId(first.id)).emailHash);
    expect((await byId(first.id)).emailHash).not.toBe(sha256(Buffer.from(address)));

    // Duplicates stay detectable: a second row with the same hash is refused by the database.
    await expect(addSignature(closing.id, null, { emailHash: signatureEmailHash(address) })).rejects.toThrow();
    // A late duplicate (signed in the second after closing) is dropped when hashed.
    const late = await addSignature(closing.id, address, { confirmedAt: null });
    await runPrivacyMaintenance(db(), new Date());
    expect(await db().select().from(signatures).where(eq(signatures.id, late.id))).toEqual([]);
    expect(await db().select().from(signatures).where(eq(signatures.petitionId, closing.id))).toHaveLength(2);

    // Signing a closed petition again is refused before any row is written.
    expect(await signPetition(closing.slug, { name: 'Сәуле Бекова', email: address, regionCode: 'almaty_city', isPublic: false }, { ip: '10.0.1.1', locale: 'ru' })).toEqual({ ok: false, reason: 'closed' });
    expect(await db().select().from(signatures).where(eq(signatures.petitionId, closing.id))).toHaveLength(2);

    // The organizers' CSV still works, with names and no address.
    const csv = await exportSignatures(organizer, closing.id, { locale: 'ru' });
    const rows = parse(await bytesOf(csv.body), { bom: true }) as string[][];
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Сәуле Бекова', 'Сәуле Бекова']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['', '']);
    expect(rows.flat().join(' ')).not.toContain('@');
  });
});

describe('retention of declined cases', () => {
  async function declinedCase(applicant: CurrentUser, daysAgo: number) {
    const row = await createCase(applicant, { status: 'declined' });
    await db()
      .insert(caseEvents)
      .values({ caseId: row.id, actorId: reviewer.id, type: 'status_changed', fromStatus: 'in_review', toStatus: 'declined', createdAt: new Date(Date.now() - daysAgo * DAY_MS) });
    const file = await storedDocument(row.id, applicant.id, 'үкім.pdf', pdfBytes(`declined ${daysAgo}`));
    return { row, file };
  }

  it('erases a declined case older than the setting with its file, keeps a younger one, and follows a changed setting', async () => {
    const gulnar = await applicantNamed('Гүлнар Асқарқызы');
    expect(await declinedRetentionDays()).toBe(730);
    const old = await declinedCase(gulnar, 800);
    const young = await declinedCase(gulnar, 100);
    const inReview = await createCase(gulnar, { status: 'in_review', updatedAt: new Date(Date.now() - 1000 * DAY_MS) });

    const report = await runPrivacyMaintenance(db(), new Date());
    expect(report?.erasedCases).toBe(1);
    expect(await db().select().from(cases).where(eq(cases.id, old.row.id))).toEqual([]);
    expect(await getStorage().exists(old.file.storageKey)).toBe(false);
    expect(await db().select().from(cases).where(eq(cases.id, young.row.id))).toHaveLength(1);
    expect(await getStorage().exists(young.file.storageKey)).toBe(true);
    expect(await db().select().from(cases).where(eq(cases.id, inReview.id))).toHaveLength(1);
    const [erasure] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'case.erased'), eq(auditEvents.recordId, old.row.id)));
    expect(erasure).toMatchObject({ actorId: null, recordType: 'case', data: { status: 'declined', reason: 'retention', retentionDays: 730 } });
    expect(JSON.stringify(erasure)).not.toContain('Гүлнар');

    await updatePrivacySettings(db(), admin, { declinedDays: '60' }, { ip: '10.0.0.2' });
    expect(await loadPrivacySettings(admin)).toMatchObject({ declinedDays: 60, isDefault: false, updatedByName: admin.name });
    const [changed] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'settings.changed'), eq(auditEvents.actorId, admin.id)));
    expect(changed).toMatchObject({ recordId: 'retention.declined_days', data: { from: 730, to: 60 } });
    await runPrivacyMaintenance(db(), new Date());
    expect(await db().select().from(cases).where(eq(cases.id, young.row.id))).toEqual([]);
    expect(await getStorage().exists(young.file.storageKey)).toBe(false);

    // Back to the default for the rest of the file.
    await db().delete(settings).where(eq(settings.key, 'retention.declined_days'));
  });

  it('refuses the settings action and page data to non-admins, and out-of-range values beside the field', async () => {
    for (const user of [organizer, reviewer, await applicantNamed('Ақерке')]) {
      signIn(user);
      expect(await updateRetentionAction({ declinedDays: '30' })).toEqual({ ok: false, formError: 'errors.FORBIDDEN' });
      await expect(loadPrivacySettings(user)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    signIn(null);
    expect(await updateRetentionAction({ declinedDays: '30' })).toEqual({ ok: false, formError: 'errors.UNAUTHENTICATED' });
    signIn(admin);
    expect(await updateRetentionAction({ declinedDays: '7' })).toEqual({ ok: false, fieldErrors: { declinedDays: ['validation.retentionRange'] } });
    expect(await updateRetentionAction({ declinedDays: 'два года' })).toEqual({ ok: false, fieldErrors: { declinedDays: ['validation.wholeNumber'] } });
    expect(await db().select().from(settings).where(eq(settings.key, 'retention.declined_days'))).toEqual([]);
  });
});
