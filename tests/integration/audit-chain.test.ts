import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, openPglite, openPostgres, type Db } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';
import { auditEvents, users } from '@/db/schema';
import { getCurrentUser } from '@/lib/auth/session';
import { verifyAuditChain } from '@/lib/audit/chain';
import { exportAuditEvents } from '@/lib/audit/export';
import { checkAuditChain, listAuditEvents, listAuditVocabulary } from '@/lib/audit/queries';
import { recordAudit } from '@/lib/audit/record';
import type { CurrentUser } from '@/lib/authz';
import { PAGE_SIZE } from '@/lib/pagination';
import { parseAuditFilter, type AuditFilter } from '@/lib/validation/audit';
import en from '@/messages/en.json';
import ru from '@/messages/ru.json';
import { GET as exportRoute } from '@/app/api/admin/audit/export/route';
import { adminQuery, adminUrl, dropDatabaseWhenIdle, uniqueName, withDatabase } from '../support/database';
import { createUser } from '../factories/users';

// The export route reads the session through next-auth; here the test decides who is signed in.
vi.mock('@/lib/auth/session', () => ({
  getCurrentUser: vi.fn(),
  requestIp: vi.fn(async () => '10.0.0.9'),
}));

const db = () => getDb();
const isPostgres = () => Boolean(process.env.TEST_DATABASE_URL);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const tag = () => crypto.randomBytes(4).toString('hex');

/** Staff sign in with two factors; the tests' users are enrolled. */
const userOf = async (role: CurrentUser['role'], overrides: Parameters<typeof createUser>[1] = {}): Promise<CurrentUser> => ({ ...(await createUser(role, overrides)), twoFactor: true });

let admin: CurrentUser;
let others: { applicant: CurrentUser; reviewer: CurrentUser; organizer: CurrentUser };

beforeAll(async () => {
  admin = await userOf('admin', { name: 'Айгерім Сейтқали', email: `aigerim-${tag()}@example.kz` });
  others = { applicant: await userOf('applicant'), reviewer: await userOf('reviewer'), organizer: await userOf('organizer') };
});

/** The message PostgreSQL gave for a refused statement (drizzle wraps it). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  );
  if (!error) throw new Error('The statement was not refused.');
  return String(error.cause?.message ?? error.message);
}

/** An event written the ordinary way (the trigger chains it); its id and hashes. */
async function addEvent(values: Partial<typeof auditEvents.$inferInsert> & { action: string }) {
  const [row] = await db().insert(auditEvents).values(values).returning();
  return { ...row!, id: Number(row!.id) };
}

/** What someone with the database password could do: statements with the guards switched off. */
async function asSuperuser(...statements: SQL[]): Promise<void> {
  await db().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(statement);
  });
}

const eventRow = async (id: number) => (await db().select().from(auditEvents).where(eq(auditEvents.id, id)))[0]!;

describe('the hash chain', () => {
  it('links every event to the one before it, and the whole log verifies, across batches', async () => {
    for (let i = 0; i < 7; i++) await recordAudit(db(), { actorId: admin.id, ip: '10.0.0.1', action: 'test.chained', recordType: 'case', recordId: `R-${i}`, data: { i } });
    // Several rows in one statement: each sees the one inserted before it.
    await db()
      .insert(auditEvents)
      .values([{ action: 'test.multi' }, { action: 'test.multi', data: { text: 'Қазақ тілі — "кавычки" \\ \n' } }, { action: 'test.multi' }]);

    const rows = await db().select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows[0]!.prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(rows[i]!.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const whole = await verifyAuditChain(db());
    expect(whole).toEqual({ ok: true, checked: rows.length, lastEventId: Number(rows.at(-1)!.id) });
    for (const batch of [1, 3, rows.length]) expect(await verifyAuditChain(db(), { batch })).toEqual(whole);
  });

  it('hashes a documented canonical text, so anyone can recompute it outside the database', async () => {
    const event = await addEvent({
      actorId: admin.id,
      actorIpHash: 'abc123',
      action: 'test.canonical',
      recordType: 'case',
      recordId: 'KZ-2026-0001',
      data: { nested: { y: null, x: true }, b: 'ә "q"', a: [1, 2.5] },
      createdAt: new Date('2026-03-01T10:00:00.123Z'),
    });
    const prev = event.prevHash === null ? 'null' : `"${event.prevHash}"`;
    // A JSON array of text; jsonb sorts keys (shorter first) and spaces its separators.
    const canonical = `[${prev}, "${event.id}", "${admin.id}", "abc123", "test.canonical", "case", "KZ-2026-0001", {"a": [1, 2.5], "b": "ә \\"q\\"", "nested": {"x": true, "y": null}}, "2026-03-01T10:00:00.123000Z"]`;
    const [row] = (
      await db().execute<{ text: string }>(
        sql`select audit_event_canonical(prev_hash, id, actor_id, actor_ip_hash, action, record_type, record_id, data, created_at) as text from audit_events where id = ${event.id}`,
      )
    ).rows;
    expect(row!.text).toBe(canonical);
    expect(event.hash).toBe(crypto.createHash('sha256').update(canonical, 'utf8').digest('hex'));
  });

  it('ignores hashes and ids the application tries to set', async () => {
    const before = await addEvent({ action: 'test.honest' });
    const forged = await addEvent({ id: 1, action: 'test.forged', prevHash: 'f'.repeat(64), hash: '0'.repeat(64) });
    expect(forged.id).toBeGreaterThan(before.id);
    expect(forged.prevHash).toBe(before.hash);
    expect(forged.hash).not.toBe('0'.repeat(64));
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('is refused inside REPEATABLE READ and SERIALIZABLE transactions, which would fork it', async () => {
    for (const isolationLevel of ['repeatable read', 'serializable'] as const) {
      const message = await refusal(db().transaction((tx) => recordAudit(tx, { action: 'test.isolated' }), { isolationLevel }));
      expect(message).toMatch(/READ COMMITTED/);
    }
    expect(await db().select().from(auditEvents).where(eq(auditEvents.action, 'test.isolated'))).toEqual([]);
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, and the event stays as written', async () => {
    const event = await addEvent({ action: 'test.kept', data: { amount: 1 } });
    expect(await refusal(db().update(auditEvents).set({ data: { amount: 2 } }).where(eq(auditEvents.id, event.id)))).toMatch(/append-only: UPDATE is not allowed/);
    expect(await refusal(db().update(auditEvents).set({ hash: null }))).toMatch(/append-only/);
    expect(await refusal(db().delete(auditEvents).where(eq(auditEvents.id, event.id)))).toMatch(/append-only: DELETE is not allowed/);
    expect(await refusal(db().execute(sql`truncate audit_events`))).toMatch(/append-only: TRUNCATE is not allowed/);
    expect(await eventRow(event.id)).toEqual(event);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('keeps users with audit history from being deleted: they are anonymized instead', async () => {
    const leaving = await userOf('applicant');
    await recordAudit(db(), { actorId: leaving.id, action: 'test.by_leaving_user' });
    // ON DELETE SET NULL would rewrite their events: the log refuses, and says what to do.
    expect(await refusal(db().delete(users).where(eq(users.id, leaving.id)))).toMatch(/has audit history and cannot be deleted; anonymize/);
    await db()
      .update(users)
      .set({ name: 'Удалённый пользователь', email: `deleted-${leaving.id}@invalid`, deletedAt: new Date() })
      .where(eq(users.id, leaving.id));
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'test.by_leaving_user'));
    expect(event!.actorId).toBe(leaving.id);
    const page = await listAuditEvents(admin, { action: 'test.by_leaving_user' });
    expect(page.rows[0]).toMatchObject({ actorName: 'Удалённый пользователь' });
    expect((await verifyAuditChain(db())).ok).toBe(true);
    // A user without audit history is deleted as before.
    const passing = await userOf('applicant');
    await db().delete(users).where(eq(users.id, passing.id));
  });
});

describe('tampering', () => {
  it('finds an event whose data was altered behind the trigger, and points at it', async () => {
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await addEvent({ actorId: admin.id, action: 'test.tamper', data: { decision: 'declined', i } }));
    const victim = events[2]!;
    const alter = (data: Record<string, unknown>) => [
      sql`alter table audit_events disable trigger audit_events_no_update`,
      sql`update audit_events set data = ${JSON.stringify(data)}::jsonb where id = ${victim.id}`,
      sql`alter table audit_events enable trigger audit_events_no_update`,
    ];
    // A superuser drops the guard, edits one event, puts the guard back.
    await db().transaction(async (tx) => {
      for (const statement of alter({ decision: 'accepted', i: 2 })) await tx.execute(statement);
    });
    const broken = await verifyAuditChain(db(), { batch: 2 });
    expect(broken).toMatchObject({ ok: false, eventId: victim.id, reason: 'hash_mismatch' });
    expect(await checkAuditChain(admin, { batch: 2 })).toMatchObject({ ok: false, eventId: victim.id });
    // The check itself is on the record, with what it found.
    const [checked] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'audit.verified')).orderBy(asc(auditEvents.id));
    expect(checked).toMatchObject({ actorId: admin.id, data: { ok: false, eventId: victim.id, reason: 'hash_mismatch' } });

    // Putting the original back heals the chain: the hash is over the content, nothing else.
    await db().transaction(async (tx) => {
      for (const statement of alter({ decision: 'declined', i: 2 })) await tx.execute(statement);
    });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('finds a forged event inserted around the trigger, an event deleted, and a re-hashed reordering', async () => {
    const a = await addEvent({ action: 'test.neighbour' });
    const b = await addEvent({ action: 'test.neighbour' });
    const c = await addEvent({ action: 'test.neighbour' });

    // Forged: written with the triggers off, so it carries no hash.
    await asSuperuser(sql`insert into audit_events (id, action) values (${c.id + 1000}, 'test.forged_row')`);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, eventId: c.id + 1000, reason: 'missing' });
    await asSuperuser(sql`delete from audit_events where id = ${c.id + 1000}`);
    expect((await verifyAuditChain(db())).ok).toBe(true);

    // Deleted: the event after the gap names a hash that no longer exists.
    const [{ at }] = (await db().execute<{ at: string }>(sql`select created_at::text as at from audit_events where id = ${b.id}`)).rows as [{ at: string }];
    await asSuperuser(sql`delete from audit_events where id = ${b.id}`);
    expect(await verifyAuditChain(db(), { batch: 1 })).toMatchObject({ ok: false, eventId: c.id, reason: 'missing' });
    await asSuperuser(
      sql`insert into audit_events (id, actor_id, actor_ip_hash, action, record_type, record_id, data, created_at, prev_hash, hash)
          values (${b.id}, ${b.actorId}, ${b.actorIpHash}, ${b.action}, ${b.recordType}, ${b.recordId}, ${JSON.stringify(b.data)}::jsonb, ${at}::timestamptz, ${b.prevHash}, ${b.hash})`,
    );
    expect((await eventRow(b.id)).hash).toBe(b.hash);
    expect((await verifyAuditChain(db())).ok).toBe(true);

    // Re-linked by someone who knows the scheme: c now claims to follow a, its own hash recomputed.
    await asSuperuser(
      sql`update audit_events set prev_hash = ${a.hash},
            hash = audit_event_hash(${a.hash}, id, actor_id, actor_ip_hash, action, record_type, record_id, data, created_at)
          where id = ${c.id}`,
    );
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, eventId: c.id, reason: 'prev_mismatch' });
    await asSuperuser(sql`update audit_events set prev_hash = ${c.prevHash}, hash = ${c.hash} where id = ${c.id}`);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
});

describe('concurrent writers', () => {
  it('form one chain: transactions take turns from their first audit event to their commit', async () => {
    // On PostgreSQL the pool's connections run these at once; PGlite has one connection and queues them.
    const writers = Array.from({ length: 12 }, (_, w) =>
      db().transaction(async (tx) => {
        for (let i = 0; i < 5; i++) {
          await recordAudit(tx, { action: 'test.concurrent', data: { w, i } });
          await tx.execute(sql`select 1`);
        }
      }),
    );
    await Promise.all(writers);
    const result = await verifyAuditChain(db(), { batch: 7 });
    expect(result.ok).toBe(true);
    const rows = await db().select({ prevHash: auditEvents.prevHash }).from(auditEvents);
    expect(result).toMatchObject({ checked: rows.length });
    // No fork: no two events follow the same one.
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    const ours = await db().select({ data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.action, 'test.concurrent')).orderBy(asc(auditEvents.id));
    expect(ours).toHaveLength(60);
    // Each writer's five events are consecutive: the lock is held until its commit.
    for (let k = 0; k < 60; k += 5) expect(new Set(ours.slice(k, k + 5).map((r) => r.data.w)).size).toBe(1);
  });

  it('re-draws an id taken before waiting for the lock, so ids follow the chain (two sessions, PostgreSQL)', async () => {
    const url = process.env.TEST_DATABASE_URL;
    // PGlite serves one session: the interleaving below cannot happen there.
    if (!url) return expect(isPostgres()).toBe(false);
    const first = new pg.Client({ connectionString: url });
    const second = new pg.Client({ connectionString: url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('begin');
      await first.query(`insert into audit_events (action) values ('test.order_first')`);
      await second.query('begin');
      // Draws its id now, then waits for the lock the first transaction holds.
      const waiting = second.query<{ id: string }>(`insert into audit_events (action) values ('test.order_second') returning id`);
      await expect.poll(async () => (await first.query(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`)).rows[0].n).toBe(1);
      // Meanwhile the first writes another event with a higher id, and commits.
      await first.query(`insert into audit_events (action) values ('test.order_first')`);
      await first.query('commit');
      const secondId = Number((await waiting).rows[0]!.id);
      await second.query('commit');
      const firsts = await db().select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, 'test.order_first'));
      expect(secondId).toBeGreaterThan(Math.max(...firsts.map((r) => Number(r.id))));
      expect((await verifyAuditChain(db())).ok).toBe(true);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });
});

describe('the page query', () => {
  it('filters by actor, action, record and period (Almaty days), and pages with a total', async () => {
    const t = tag();
    const action = `test.filter_${t}`;
    const other = await userOf('reviewer', { name: 'Ержан 100%_Қасымов', email: `yerzhan-${t}@example.kz` });
    const at = (iso: string) => new Date(iso);
    const e1 = await addEvent({ actorId: admin.id, action, recordType: 'case', recordId: `case-${t}`, createdAt: at('2026-03-01T18:59:59.999Z') }); // 23:59:59 on 1 March in Almaty
    const e2 = await addEvent({ actorId: other.id, action, recordType: 'case', recordId: `case-${t}`, createdAt: at('2026-03-01T19:00:00Z') }); // 00:00 on 2 March
    const e3 = await addEvent({ actorId: other.id, action: `${action}_other`, recordType: 'bundle', recordId: `bundle-${t}`, createdAt: at('2026-03-03T10:00:00Z') });
    const e4 = await addEvent({ action, recordType: 'case', recordId: `case-${t}-2`, createdAt: at('2026-03-04T10:00:00Z') });
    const ids = async (filter: AuditFilter) => (await listAuditEvents(admin, filter)).rows.map((r) => r.id);

    expect(await ids({ action })).toEqual([e4.id, e2.id, e1.id]);
    expect(await ids({ actor: `YERZHAN-${t}` })).toEqual([e3.id, e2.id]);
    expect(await ids({ actor: 'қасымов', action })).toEqual([e2.id]);
    // Wildcards typed in the search are plain characters.
    expect(await ids({ actor: '100%_Қ' })).toEqual([e3.id, e2.id]);
    expect(await ids({ actor: '100_%' })).toEqual([]);
    expect(await ids({ actor: 'Сейтқали', action })).toEqual([e1.id]);
    expect(await ids({ recordType: 'case', recordId: `case-${t}` })).toEqual([e2.id, e1.id]);
    expect(await ids({ recordType: 'bundle', recordId: `case-${t}` })).toEqual([]);
    expect(await ids({ action, from: '2026-03-02', to: '2026-03-02' })).toEqual([e2.id]);
    expect(await ids({ action, to: '2026-03-01' })).toEqual([e1.id]);
    expect(await ids({ action, from: '2026-03-02' })).toEqual([e4.id, e2.id]);
    expect(await ids({ event: e3.id })).toEqual([e3.id]);
    expect(await ids({ event: e3.id, action })).toEqual([]);

    const row = (await listAuditEvents(admin, { event: e2.id })).rows[0];
    expect(row).toMatchObject({ actorName: other.name, actorEmail: other.email, action, recordType: 'case', prevHash: e2.prevHash, hash: e2.hash });

    const vocabulary = await listAuditVocabulary(admin);
    expect(vocabulary.actions).toEqual(expect.arrayContaining([action, `${action}_other`]));
    expect(vocabulary.recordTypes).toEqual(expect.arrayContaining(['bundle', 'case']));
    expect(vocabulary.actions).toEqual([...vocabulary.actions].sort());

    const many = `test.paged_${t}`;
    await db()
      .insert(auditEvents)
      .values(Array.from({ length: PAGE_SIZE + 5 }, (_, i) => ({ action: many, data: { i } })));
    const page1 = await listAuditEvents(admin, { action: many }, 1);
    const page2 = await listAuditEvents(admin, { action: many }, 2);
    expect(page1).toMatchObject({ total: PAGE_SIZE + 5, pageCount: 2, page: 1 });
    expect(page1.rows).toHaveLength(PAGE_SIZE);
    expect(page2.rows.map((r) => r.data.i)).toEqual([4, 3, 2, 1, 0]);
  });

  it('reads the filter from the URL, dropping what is malformed', () => {
    expect(parseAuditFilter({ actor: '  Ержан ', action: 'case.status_changed', recordType: 'case', recordId: ' KZ-1 ', from: '2026-03-01', to: '2026-03-31', event: '42', page: '3' })).toEqual({
      filter: { actor: 'Ержан', action: 'case.status_changed', recordType: 'case', recordId: 'KZ-1', from: '2026-03-01', to: '2026-03-31', event: 42 },
      values: { actor: 'Ержан', action: 'case.status_changed', recordType: 'case', recordId: 'KZ-1', from: '2026-03-01', to: '2026-03-31' },
      errors: {},
      page: 3,
    });
    const odd = parseAuditFilter({ action: "x'; drop table users; --", recordType: 'CASE', from: '2026-02-30', to: '2026-01-01', event: '-1', page: 'x' });
    expect(odd.filter).toEqual({ to: '2026-01-01' });
    expect(odd.errors).toEqual({ from: 'validation.dateInvalid' });
    expect(odd.page).toBe(1);
    expect(parseAuditFilter({ from: '2026-03-02', to: '2026-03-01' })).toMatchObject({ filter: { from: '2026-03-02' }, errors: { to: 'audit.filters.toBeforeFrom' } });
    expect(parseAuditFilter({ actor: ['first', 'second'] }).filter).toEqual({ actor: 'first' });
  });
});

async function bytesOf(body: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

describe('the CSV export', () => {
  it('streams the filtered events in batches, as they were when it began, and audits itself', async () => {
    const t = tag();
    const action = `test.export_${t}`;
    const named = await userOf('organizer', { name: '=HYPERLINK("http://evil.example","Нажмите")', email: `organizer-${t}@example.kz` });
    const written = [];
    for (let i = 0; i < 5; i++) written.push(await addEvent({ actorId: i % 2 ? named.id : null, actorIpHash: `ip${i}`, action, recordType: 'case', recordId: `-${i}`, data: { i, note: 'Әділет' } }));

    const file = await exportAuditEvents(admin, { action }, { locale: 'ru', ip: '10.0.0.5', batchSize: 2 });
    expect(file).toMatchObject({ rows: 5, contentType: 'text/csv; charset=utf-8' });
    expect(file.filename).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const reader = file.body.getReader();
    const chunks: Uint8Array[] = [];
    const firstChunk = await reader.read();
    chunks.push(firstChunk.value!);
    // Written after the export began: not in this file.
    await addEvent({ action });
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
    }
    // Header plus two events per pull: 2, 2, 1.
    expect(chunks).toHaveLength(3);
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    expect(bytes.toString('utf8')).toContain('\r\n');

    const records = parse(bytes, { bom: true }) as string[][];
    const header = ru.audit.csv;
    expect(records[0]).toEqual([header.id, header.createdAt, header.actorId, header.actorName, header.actorEmail, header.actorIpHash, header.action, header.recordType, header.recordId, header.data, header.prevHash, header.hash]);
    expect(records.slice(1).map((r) => Number(r[0]))).toEqual(written.map((e) => e.id));
    const second = records[2]!;
    expect(second[3]).toBe(`'=HYPERLINK("http://evil.example","Нажмите")`);
    expect(second[4]).toBe(named.email);
    expect(second[8]).toBe("'-1");
    expect(JSON.parse(second[9]!)).toEqual({ i: 1, note: 'Әділет' });
    expect(records[1]![2]).toBe('');

    // Every hashed field is there, as hashed: the chain can be checked from the file alone.
    for (const r of records.slice(1)) {
      const recordId = r[8]!.replace(/^'/, '');
      const [again] = (
        await db().execute<{ hash: string }>(
          sql`select audit_event_hash(${r[10] || null}, ${r[0]}::bigint, ${r[2] || null}::uuid, ${r[5] || null}, ${r[6]}, ${r[7] || null}, ${recordId}, ${r[9]}::jsonb, ${r[1]}::timestamptz) as hash`,
        )
      ).rows;
      expect(again!.hash).toBe(r[11]);
    }

    const [exported] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'audit.exported'), eq(auditEvents.actorId, admin.id))).orderBy(asc(auditEvents.id));
    expect(exported).toMatchObject({ data: { rows: 5, filter: { action } } });
    expect(exported!.actorIpHash).toBeTruthy();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('answers through the route with the same filter, in the language asked for', async () => {
    const action = `test.route_${tag()}`;
    await addEvent({ action, data: { n: 1 } });
    vi.mocked(getCurrentUser).mockResolvedValue(admin);
    const response = await exportRoute(new Request(`http://localhost/api/admin/audit/export?action=${action}&from=2000-01-01&locale=en`));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(await bytesOf(response.body), { bom: true }) as string[][];
    expect(records[0]![0]).toBe(en.audit.csv.id);
    expect(records.slice(1).map((r) => r[6])).toEqual([action]);
  });

  it('is empty but well-formed when nothing matches', async () => {
    const file = await exportAuditEvents(admin, { action: `test.nothing_${tag()}` }, { locale: 'en' });
    const records = parse(await bytesOf(file.body), { bom: true }) as string[][];
    expect(records).toHaveLength(1);
    expect(file.rows).toBe(0);
  });
});

describe('authorization', () => {
  it('refuses every audit function to applicants, reviewers, organizers, visitors and unenrolled admins', async () => {
    const unenrolled = { ...(await createUser('admin')), twoFactor: false };
    const refused: [CurrentUser | null, string][] = [
      [others.applicant, 'FORBIDDEN'],
      [others.reviewer, 'FORBIDDEN'],
      [others.organizer, 'FORBIDDEN'],
      [unenrolled, 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ];
    const exportsBefore = await db().select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported'));
    for (const [user, code] of refused) {
      await expect(listAuditEvents(user, {})).rejects.toMatchObject({ code });
      await expect(listAuditVocabulary(user)).rejects.toMatchObject({ code });
      await expect(checkAuditChain(user)).rejects.toMatchObject({ code });
      await expect(exportAuditEvents(user, {}, { locale: 'ru' })).rejects.toMatchObject({ code });
    }
    expect(await db().select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported'))).toHaveLength(exportsBefore.length);
  });

  it('answers the export route with 401 to visitors and 403 to other roles, and records the attempt', async () => {
    vi.mocked(getCurrentUser).mockResolvedValue(null);
    expect((await exportRoute(new Request('http://localhost/api/admin/audit/export'))).status).toBe(401);
    for (const user of [others.applicant, others.reviewer, others.organizer]) {
      vi.mocked(getCurrentUser).mockResolvedValue(user);
      const response = await exportRoute(new Request('http://localhost/api/admin/audit/export'));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ ok: false, error: 'errors.FORBIDDEN' });
      const denials = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, user.id), eq(auditEvents.action, 'access.denied')));
      expect(denials).toMatchObject([{ data: { permission: 'audit.view' } }]);
    }
  });
});

describe('migration 0009', () => {
  /** The migrations folder as it was before 0009. */
  function foldersUpTo0008(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-migrations-'));
    fs.mkdirSync(path.join(dir, 'meta'));
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= 8);
    fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    return dir;
  }

  /** Events written before the chain existed, then the migration: they get a chain, in id order. */
  async function backfills(db: Db, migrate: (folder: string) => Promise<void>) {
    const old = foldersUpTo0008();
    try {
      await migrate(old);
      await db.execute(sql`insert into audit_events (action, data, created_at) select 'old.event', jsonb_build_object('n', n), now() - make_interval(days => 10 - n) from generate_series(1, 9) n`);
      expect((await db.execute(sql`select count(*)::int as n from audit_events where hash is null`)).rows[0]).toEqual({ n: 9 });
      await migrate(migrationsFolder);
      expect(await verifyAuditChain(db, { batch: 4 })).toEqual({ ok: true, checked: 9, lastEventId: 9 });
      await db.execute(sql`insert into audit_events (action) values ('new.event')`);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 10, lastEventId: 10 });
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  }

  it('chains the events written before it (PGlite)', async () => {
    const opened = openPglite();
    try {
      await backfills(opened.db, (folder) => migratePglite(opened.db as unknown as PgliteDatabase, { migrationsFolder: folder }));
    } finally {
      await opened.close();
    }
  });

  it('chains the events written before it (PostgreSQL, when the suite runs on it)', async () => {
    const url = adminUrl();
    if (!url || !isPostgres()) return expect(isPostgres()).toBe(false);
    const name = uniqueName('redress_audit_backfill');
    await adminQuery(url, `create database ${name}`);
    const opened = openPostgres(withDatabase(url, name));
    try {
      await backfills(opened.db, (folder) => migratePg(opened.db, { migrationsFolder: folder }));
    } finally {
      await opened.close();
      await dropDatabaseWhenIdle(url, name);
    }
  });
});
