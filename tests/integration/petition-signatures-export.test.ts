import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, petitions, signatures } from '@/db/schema';
import { getCurrentUser } from '@/lib/auth/session';
import type { CurrentUser } from '@/lib/authz';
import { createPetition, openPetition } from '@/lib/petitions/mutations';
import { exportSignatures } from '@/lib/petitions/signature-export';
import { getSignatureStatistics, SIGNATURE_DAYS_SHOWN } from '@/lib/petitions/statistics';
import en from '@/messages/en.json';
import ru from '@/messages/ru.json';
import { GET } from '@/app/api/organize/petitions/[id]/signatures/route';
import { createUser } from '../factories/users';

// Route handlers read the session through next-auth; here the test decides who is signed in.
vi.mock('@/lib/auth/session', () => ({
  getCurrentUser: vi.fn(),
  requestIp: vi.fn(async () => '10.0.0.7'),
}));

const db = () => getDb();
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const csvRu = ru.petitions.signatures.csv;
const HEADER_RU = [csvRu.name, csvRu.email, csvRu.region, csvRu.isPublic, csvRu.confirmedAt];

let org: CurrentUser;
let admin: CurrentUser;
let reviewer: CurrentUser;
let applicant: CurrentUser;

beforeAll(async () => {
  [org, admin, reviewer, applicant] = await Promise.all([
    createUser('organizer', { name: 'Ержан Тоқтаров' }),
    createUser('admin'),
    createUser('reviewer'),
    createUser('applicant'),
  ]);
});

const signIn = (user: CurrentUser | null) => vi.mocked(getCurrentUser).mockResolvedValue(user);
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const download = (id: string, query = '?locale=ru') => GET(new Request(`http://localhost/api/organize/petitions/${encodeURIComponent(id)}/signatures${query}`), params(id));

/** An open petition, as organizers leave it for the public to sign. */
async function openedPetition() {
  const slug = `commission-${crypto.randomBytes(4).toString('hex')}`;
  const { id } = await createPetition(db(), org, {
    slug,
    titleKk: 'Арнайы комиссия құрылсын',
    titleRu: 'Создать специальную комиссию',
    titleEn: 'Create a special commission',
    bodyKk: 'Біз Қазақстан Республикасының Президентінен даулы сот үкімдерін қайта қарайтын арнайы комиссия құруды сұраймыз.',
    bodyRu: 'Мы просим Президента Республики Казахстан создать специальную комиссию по пересмотру спорных судебных решений.',
    bodyEn: 'We ask the President of the Republic of Kazakhstan to create a special commission to review controversial court rulings.',
    addressee: 'Президенту Республики Казахстан',
    signatureGoal: '10 000',
    opensOn: '',
    closesOn: '',
  });
  const row = async () => (await db().select().from(petitions).where(eq(petitions.id, id)))[0]!;
  await openPetition(db(), org, { petitionId: id, version: (await row()).version, isConfirmed: true });
  return row();
}

type SignatureInput = { name: string; regionCode?: string | null; isPublic?: boolean; confirmedAt: Date | SQL | null };

/** A signature as signing leaves it: confirmed when its link was followed, or still waiting. */
async function sign(petitionId: string, s: SignatureInput) {
  const [row] = await db()
    .insert(signatures)
    .values({
      petitionId,
      name: s.name,
      email: `signer-${crypto.randomBytes(5).toString('hex')}@example.kz`,
      regionCode: s.regionCode ?? null,
      isPublic: s.isPublic ?? false,
      confirmedAt: s.confirmedAt,
      counted: s.confirmedAt !== null,
    })
    .returning();
  return row!;
}

async function bytesOf(body: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

const rowsOf = (bytes: Buffer) => parse(bytes, { bom: true }) as string[][];

const exportAudit = (petitionId: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordId, petitionId), eq(auditEvents.action, 'petition.signatures_exported')))
    .orderBy(asc(auditEvents.id));

const denials = (actorId: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, actorId), eq(auditEvents.action, 'access.denied')));

describe('the signatures CSV', () => {
  beforeEach(() => {
    signIn(org);
  });

  it('downloads only confirmed signatures, with a BOM, a Russian header, Cyrillic intact and formulas neutralized, and audits it', async () => {
    const petition = await openedPetition();
    const first = await sign(petition.id, { name: 'Әсел Нұрғалиқызы Қайратова', regionCode: 'almaty_city', isPublic: true, confirmedAt: new Date('2026-03-01T08:00:00Z') });
    await sign(petition.id, { name: '=HYPERLINK("http://evil.example","Нажмите")', regionCode: 'karaganda', confirmedAt: new Date('2026-03-01T09:00:00Z') });
    await sign(petition.id, { name: '+77011234567', confirmedAt: new Date('2026-03-01T10:00:00Z') });
    await sign(petition.id, { name: '@SUM(A1:A2)', regionCode: 'abai', confirmedAt: new Date('2026-03-01T11:00:00Z') });
    await sign(petition.id, { name: 'Не подтвердил ссылку', regionCode: 'astana', confirmedAt: null });

    const response = await download(petition.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="signatures-${petition.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    const bytes = await bytesOf(response.body);
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    expect(bytes.toString('utf8')).toContain('\r\n');

    const rows = rowsOf(bytes);
    expect(rows[0]).toEqual(HEADER_RU);
    expect(rows.slice(1)).toEqual([
      ['Әсел Нұрғалиқызы Қайратова', first.email, 'Алматы', csvRu.yes, '2026-03-01T08:00:00.000Z'],
      [`'=HYPERLINK("http://evil.example","Нажмите")`, expect.any(String), 'Карагандинская область', csvRu.no, '2026-03-01T09:00:00.000Z'],
      ["'+77011234567", expect.any(String), '', csvRu.no, '2026-03-01T10:00:00.000Z'],
      ["'@SUM(A1:A2)", expect.any(String), 'Абайская область', csvRu.no, '2026-03-01T11:00:00.000Z'],
    ]);
    expect(bytes.toString('utf8')).not.toContain('Не подтвердил ссылку');

    const audit = await exportAudit(petition.id);
    expect(audit).toMatchObject([{ actorId: org.id, recordType: 'petition', data: { slug: petition.slug, rows: 4, locale: 'ru' } }]);
    expect(audit[0]!.actorIpHash).toBeTruthy();
  });

  it('follows the organizer’s language without ?locale=, and lets an admin download too', async () => {
    const petition = await openedPetition();
    await sign(petition.id, { name: 'Ivan Sokolov', regionCode: 'karaganda', confirmedAt: new Date('2026-03-02T08:00:00Z') });
    signIn({ ...admin, locale: 'en' });
    const response = await download(petition.id, '');
    expect(response.status).toBe(200);
    const rows = rowsOf(await bytesOf(response.body));
    expect(rows[0]![0]).toBe(en.petitions.signatures.csv.name);
    expect(rows[1]!.slice(2, 4)).toEqual(['Karaganda Region', en.petitions.signatures.csv.no]);
    expect(await exportAudit(petition.id)).toMatchObject([{ actorId: admin.id, data: { rows: 1, locale: 'en' } }]);
  });

  it('a petition without confirmed signatures gives the header alone', async () => {
    const petition = await openedPetition();
    await sign(petition.id, { name: 'Ещё не подтвердил', confirmedAt: null });
    const bytes = await bytesOf((await download(petition.id)).body);
    expect(rowsOf(bytes)).toEqual([HEADER_RU]);
    expect((await exportAudit(petition.id))[0]!.data).toMatchObject({ rows: 0 });
  });

  it('reads in keyset batches: every row once, in order of confirmation, ties broken by id, microseconds kept', async () => {
    const petition = await openedPetition();
    const at = (iso: string) => sql`${iso}::timestamptz`;
    const made = [
      await sign(petition.id, { name: 'Бірінші', confirmedAt: at('2026-03-03 08:00:00.000101+00') }),
      await sign(petition.id, { name: 'Екінші', confirmedAt: at('2026-03-03 08:00:00.000101+00') }),
      await sign(petition.id, { name: 'Үшінші', confirmedAt: at('2026-03-03 08:00:00.000101+00') }),
      // Same millisecond, one microsecond later: a JS Date cursor would skip or repeat these.
      await sign(petition.id, { name: 'Төртінші', confirmedAt: at('2026-03-03 08:00:00.000102+00') }),
      await sign(petition.id, { name: 'Бесінші', confirmedAt: at('2026-03-03 08:00:00.000102+00') }),
      await sign(petition.id, { name: 'Алтыншы', confirmedAt: at('2026-03-04 08:00:00+00') }),
    ];
    const expected = [...made.slice(0, 3).sort((a, b) => a.id.localeCompare(b.id)), ...made.slice(3, 5).sort((a, b) => a.id.localeCompare(b.id)), made[5]!].map((s) => s.name);

    for (const batchSize of [1, 2, 3, 6, 7]) {
      const file = await exportSignatures(org, petition.id, { locale: 'kk', batchSize });
      const rows = rowsOf(await bytesOf(file.body));
      expect(rows.slice(1).map((r) => r[0]), `batch of ${batchSize}`).toEqual(expected);
      expect(file.rows).toBe(6);
    }
  });

  it('holds to the signatures confirmed when it began: the audited count is the file’s', async () => {
    const petition = await openedPetition();
    for (let i = 0; i < 3; i += 1) await sign(petition.id, { name: `Қол қоюшы ${i}`, confirmedAt: new Date(Date.UTC(2026, 2, 5, 8, i)) });
    const file = await exportSignatures(org, petition.id, { locale: 'ru', batchSize: 2 });
    // Confirmed after the export started, before its rows are read.
    await sign(petition.id, { name: 'Поздняя подпись', confirmedAt: sql`now()` });
    const rows = rowsOf(await bytesOf(file.body)).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['Қол қоюшы 0', 'Қол қоюшы 1', 'Қол қоюшы 2']);
    expect((await exportAudit(petition.id))[0]!.data).toMatchObject({ rows: 3 });
  });

  it('refuses anonymous visitors, reviewers and applicants; refusals of signed-in users are audited', async () => {
    const petition = await openedPetition();
    await sign(petition.id, { name: 'Секретное Имя', confirmedAt: new Date('2026-03-06T08:00:00Z') });

    signIn(null);
    const anonymous = await download(petition.id);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ ok: false, error: 'errors.UNAUTHENTICATED' });

    for (const user of [reviewer, applicant]) {
      signIn(user);
      const before = (await denials(user.id)).length;
      const refused = await download(petition.id);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ ok: false, error: 'errors.FORBIDDEN' });
      const after = await denials(user.id);
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)!.data).toEqual({ permission: 'petition.manage' });
    }
    await expect(exportSignatures(reviewer, petition.id, { locale: 'ru' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(exportSignatures(null, petition.id, { locale: 'ru' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await exportAudit(petition.id)).toEqual([]);
  });

  it('answers 404 for an unknown or malformed id, never 500', async () => {
    for (const id of [crypto.randomUUID(), 'not-a-uuid', "1' or '1'='1", '../../etc/passwd', '']) {
      const response = await download(id);
      expect(response.status, id).toBe(404);
      expect(await response.json()).toEqual({ ok: false, error: 'errors.NOT_FOUND' });
    }
  });
});

describe('signatures per day and per region', () => {
  it('counts confirmed signatures per day in Kazakhstan and per region, and the unconfirmed apart', async () => {
    const petition = await openedPetition();
    const other = await openedPetition();
    const data: SignatureInput[] = [
      // 19:30 UTC is already the next day in Kazakhstan (UTC+5).
      { name: 'A', regionCode: 'astana', confirmedAt: new Date('2026-03-09T19:30:00Z') },
      { name: 'B', regionCode: 'astana', confirmedAt: new Date('2026-03-10T04:00:00Z') },
      { name: 'C', regionCode: 'karaganda', confirmedAt: new Date('2026-03-10T17:30:00Z') },
      { name: 'D', regionCode: null, confirmedAt: new Date('2026-03-09T10:00:00Z') },
      { name: 'E', regionCode: 'astana', confirmedAt: new Date('2026-03-12T06:00:00Z') },
      { name: 'F', regionCode: 'karaganda', confirmedAt: null },
      { name: 'G', regionCode: 'abai', confirmedAt: null },
    ];
    for (const s of data) await sign(petition.id, s);
    // Another petition's signatures never leak into these counts.
    await sign(other.id, { name: 'X', regionCode: 'abai', confirmedAt: new Date('2026-03-10T04:00:00Z') });

    const stats = await getSignatureStatistics(org, petition.id);
    expect(stats).toEqual({
      confirmed: 5,
      unconfirmed: 2,
      byDay: [
        { day: '2026-03-12', count: 1 },
        { day: '2026-03-10', count: 3 },
        { day: '2026-03-09', count: 1 },
      ],
      hasEarlierDays: false,
      byRegion: [
        { regionCode: 'astana', count: 3 },
        { regionCode: 'karaganda', count: 1 },
        { regionCode: null, count: 1 },
      ],
    });
    expect(await getSignatureStatistics(admin, other.id)).toMatchObject({ confirmed: 1, unconfirmed: 0, byRegion: [{ regionCode: 'abai', count: 1 }] });
  });

  it(`shows the latest ${SIGNATURE_DAYS_SHOWN} days with signatures, newest first`, async () => {
    const petition = await openedPetition();
    const days = SIGNATURE_DAYS_SHOWN + 5;
    await db()
      .insert(signatures)
      .values(
        Array.from({ length: days }, (_, i) => ({
          petitionId: petition.id,
          name: `Қол қоюшы ${i}`,
          email: `day-${i}-${crypto.randomBytes(3).toString('hex')}@example.kz`,
          confirmedAt: new Date(Date.UTC(2026, 0, 1 + i, 6)),
          counted: true,
        })),
      );
    const stats = await getSignatureStatistics(org, petition.id);
    expect(stats.confirmed).toBe(days);
    expect(stats.hasEarlierDays).toBe(true);
    expect(stats.byDay).toHaveLength(SIGNATURE_DAYS_SHOWN);
    expect(stats.byDay[0]).toEqual({ day: new Date(Date.UTC(2026, 0, days)).toISOString().slice(0, 10), count: 1 });
    expect(stats.byDay.at(-1)).toEqual({ day: new Date(Date.UTC(2026, 0, 6)).toISOString().slice(0, 10), count: 1 });
  });

  it('is for organizers and admins only; a malformed or unknown id is not found', async () => {
    const petition = await openedPetition();
    await expect(getSignatureStatistics(reviewer, petition.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getSignatureStatistics(applicant, petition.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getSignatureStatistics(null, petition.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(getSignatureStatistics(org, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getSignatureStatistics(org, crypto.randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
