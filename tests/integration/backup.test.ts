/**
 * Backups (issue 7, part 10): data with cases, documents and a bundle attachment is backed up,
 * restored into a FRESH database and data folder, and found intact, byte for byte. The embedded
 * driver always; PostgreSQL too when the suite runs with DATABASE_URL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { asc, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Db } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { bundleAttachments, bundles, cases, documents, users } from '@/db/schema';
import { BackupError, createBackup, restoreBackup } from '@/lib/backup';
import { addBundleAttachment } from '@/lib/bundles/submission';
import type { CurrentUser } from '@/lib/authz';
import { addDocument } from '@/lib/documents/mutations';
import { documentKey } from '@/lib/secrets';
import { LocalEncryptedStorage, setStorage } from '@/lib/storage';
import { adminQuery, adminUrl, dropDatabaseWhenIdle, uniqueName, withDatabase } from '../support/database';

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const cleanups: (() => Promise<void> | void)[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  setStorage(undefined);
});

type Opened = { db: Db; close: () => Promise<void> };
type Snapshot = {
  cases: { id: string; status: string; applicantId: string; convictedPersonName: string | null }[];
  documents: { id: string; caseId: string; originalName: string; sha256: string; sizeBytes: number; storageKey: string }[];
  attachments: { id: string; bundleId: string; sha256: string; storageKey: string }[];
  users: number;
};

async function snapshot(db: Db): Promise<Snapshot> {
  return {
    cases: await db
      .select({ id: cases.id, status: cases.status, applicantId: cases.applicantId, convictedPersonName: cases.convictedPersonName })
      .from(cases)
      .orderBy(asc(cases.id)),
    documents: await db
      .select({ id: documents.id, caseId: documents.caseId, originalName: documents.originalName, sha256: documents.sha256, sizeBytes: documents.sizeBytes, storageKey: documents.storageKey })
      .from(documents)
      .orderBy(asc(documents.id)),
    attachments: await db
      .select({ id: bundleAttachments.id, bundleId: bundleAttachments.bundleId, sha256: bundleAttachments.sha256, storageKey: bundleAttachments.storageKey })
      .from(bundleAttachments)
      .orderBy(asc(bundleAttachments.id)),
    users: (await db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n,
  };
}

/** Two applicants' cases with documents (PDF, JPEG, PNG) and a bundle's stamped cover, stored under `dataDir`. */
async function fillWithData(db: Db, dataDir: string): Promise<Map<string, string>> {
  setStorage(new LocalEncryptedStorage(path.join(dataDir, 'uploads'), documentKey()));
  const inserted = await db
    .insert(users)
    .values([
      { email: `a-${crypto.randomUUID()}@example.kz`, name: 'Айгүл Сәрсенова', role: 'applicant', passwordHash: 'x', emailVerifiedAt: new Date() },
      { email: `b-${crypto.randomUUID()}@example.kz`, name: 'Иван Петров', role: 'applicant', passwordHash: 'x', emailVerifiedAt: new Date() },
      { email: `o-${crypto.randomUUID()}@example.kz`, name: 'Organizer', role: 'organizer', passwordHash: 'x', emailVerifiedAt: new Date() },
    ])
    .returning();
  const asUser = (row: (typeof inserted)[number]): CurrentUser => ({ id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, twoFactor: row.role !== 'applicant' });
  const [first, second, organizer] = inserted.map(asUser) as [CurrentUser, CurrentUser, CurrentUser];
  const contents = new Map<string, string>(); // sha256 → what it is
  const heads = [Buffer.from('%PDF-1.7\n'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  for (const [i, applicant] of [first, second].entries()) {
    const [row] = await db.insert(cases).values({ applicantId: applicant.id, status: 'draft', convictedPersonName: `Осуждённый ${i + 1}` }).returning({ id: cases.id });
    for (const [j, head] of heads.entries()) {
      const bytes = Buffer.concat([head, crypto.randomBytes(20_000 + 1000 * j)]);
      contents.set(sha256(bytes), `case ${i} document ${j}`);
      await addDocument(applicant, { caseId: row!.id, kind: 'judgment', originalName: `Приговор ${i}-${j}.pdf`, stream: Readable.from([bytes]) }, { db });
    }
  }
  const [bundle] = await db.insert(bundles).values({ title: 'Bundle', status: 'finalized', createdById: organizer.id }).returning({ id: bundles.id });
  const cover = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(5_000)]);
  contents.set(sha256(cover), 'stamped cover');
  await addBundleAttachment(organizer, { bundleId: bundle!.id, purpose: 'stamped_cover', originalName: 'cover.pdf', stream: Readable.from([cover]) }, {}, db);
  return contents;
}

/** Every case, document and attachment of `before` is in `after`, and every file decrypts to the same SHA-256. */
async function expectIntact(before: Snapshot, after: Snapshot, dataDir: string, key: Buffer, contents: Map<string, string>): Promise<void> {
  expect(after).toEqual(before);
  expect(before.documents).toHaveLength(6);
  expect(before.attachments).toHaveLength(1);
  const storage = new LocalEncryptedStorage(path.join(dataDir, 'uploads'), key);
  for (const stored of [...after.documents, ...after.attachments]) {
    const bytes = await buffer(await storage.get(stored.storageKey));
    expect(sha256(bytes), stored.id).toBe(stored.sha256);
    expect(contents.has(stored.sha256)).toBe(true);
  }
}

describe('the embedded database (PGlite)', () => {
  it('backs up, restores into a fresh data folder, and every case and document is intact', async () => {
    const source = tempDir('redress-backup-source-');
    const opened: Opened = openPglite(source);
    await migrateDatabase(opened.db, 'pglite');
    const contents = await fillWithData(opened.db, source);
    const before = await snapshot(opened.db);
    await opened.close();
    // The demo's own key file, as the embedded installation keeps it.
    fs.writeFileSync(path.join(source, 'document.key'), documentKey().toString('base64'));

    const archive = path.join(tempDir('redress-backups-'), 'embedded.tar');
    const manifest = await createBackup({ dataDir: source, output: archive, includeKeys: true });
    expect(manifest).toMatchObject({ driver: 'pglite', database: { path: 'database/pglite.tar.gz' } });
    expect(manifest.files).toHaveLength(7);
    expect(manifest.keys.map((k) => k.path)).toEqual(['keys/document.key']);

    const fresh = tempDir('redress-restore-');
    const { setAside } = await restoreBackup({ file: archive, dataDir: fresh });
    expect(setAside).toEqual([]);
    const restored: Opened = openPglite(fresh);
    const after = await snapshot(restored.db);
    await restored.close();
    const restoredKey = Buffer.from(fs.readFileSync(path.join(fresh, 'document.key'), 'utf8'), 'base64');
    await expectIntact(before, after, fresh, restoredKey, contents);

    // Not over data that is already there, unless forced; what was there is moved aside.
    await expect(restoreBackup({ file: archive, dataDir: fresh })).rejects.toThrow(/Refusing to restore: .*already holds an embedded database.*already holds documents/);
    const forced = await restoreBackup({ file: archive, dataDir: fresh, force: true });
    expect(forced.setAside.map((p) => path.basename(p))).toEqual([expect.stringMatching(/^pglite\.before-restore-/), expect.stringMatching(/^uploads\.before-restore-/)]);
    const again: Opened = openPglite(fresh);
    expect(await snapshot(again.db)).toEqual(before);
    await again.close();
  }, 180_000);

  it('refuses while a server holds the embedded database, and refuses a damaged backup', async () => {
    const source = tempDir('redress-backup-source-');
    const opened: Opened = openPglite(source);
    await migrateDatabase(opened.db, 'pglite');
    await opened.close();
    const archive = path.join(tempDir('redress-backups-'), 'embedded.tar');
    await createBackup({ dataDir: source, output: archive });

    // Another live process holds the lock (db/lock.ts): our parent stands in for a running server.
    const busy = tempDir('redress-restore-');
    fs.writeFileSync(path.join(busy, 'pglite.lock'), String(process.ppid));
    await expect(restoreBackup({ file: archive, dataDir: busy, force: true })).rejects.toThrow(/is using .* Stop it before restoring/);
    await expect(createBackup({ dataDir: busy, output: path.join(busy, 'x.tar') })).rejects.toBeInstanceOf(BackupError);

    // A backup altered after the fact: its checksums no longer match.
    const damaged = path.join(path.dirname(archive), 'damaged.tar');
    const bytes = fs.readFileSync(archive);
    const at = bytes.indexOf(Buffer.from('database/pglite.tar.gz')) + 4096;
    bytes[at + 600] = bytes[at + 600]! ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    await expect(restoreBackup({ file: damaged, dataDir: tempDir('redress-restore-') })).rejects.toThrow(/damaged/);
    // A PostgreSQL target cannot take an embedded backup.
    await expect(restoreBackup({ file: archive, dataDir: tempDir('redress-restore-'), databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(/embedded database/);
  }, 180_000);
});

const adminDatabaseUrl = adminUrl();
if (adminDatabaseUrl) {
  const pgUrl: string = adminDatabaseUrl;
  describe('PostgreSQL (pg_dump and pg_restore)', () => {
    async function createDatabase(prefix: string): Promise<string> {
      const name = uniqueName(prefix);
      await adminQuery(pgUrl, `create database ${name}`);
      cleanups.push(() => dropDatabaseWhenIdle(pgUrl, name));
      return withDatabase(pgUrl, name);
    }

    it('backs up, restores into a fresh database, and every case and document is intact', async () => {
      const sourceUrl = await createDatabase('redress_backup_src');
      const source = tempDir('redress-backup-source-');
      const opened: Opened = openPostgres(sourceUrl);
      await migrateDatabase(opened.db, 'pg');
      const contents = await fillWithData(opened.db, source);
      const before = await snapshot(opened.db);
      await opened.close();

      const archive = path.join(tempDir('redress-backups-'), 'postgres.tar');
      const manifest = await createBackup({ dataDir: source, databaseUrl: sourceUrl, output: archive });
      expect(manifest).toMatchObject({ driver: 'postgres', database: { path: 'database/postgres.dump' }, keys: [] });

      const freshUrl = await createDatabase('redress_backup_dst');
      const fresh = tempDir('redress-restore-');
      await restoreBackup({ file: archive, dataDir: fresh, databaseUrl: freshUrl });
      const restored: Opened = openPostgres(freshUrl);
      await expectIntact(before, await snapshot(restored.db), fresh, documentKey(), contents);
      // The restored database is a working one: migrations recorded, extensions in place.
      expect((await restored.db.execute(sql`select similarity('приговор', 'приговоры') > 0.3 as similar`)).rows).toEqual([{ similar: true }]);
      await restored.close();

      await expect(restoreBackup({ file: archive, dataDir: tempDir('redress-restore-'), databaseUrl: freshUrl })).rejects.toThrow(/the database already has \d+ tables and 3 users/);
      await restoreBackup({ file: archive, dataDir: fresh, databaseUrl: freshUrl, force: true });
      const again: Opened = openPostgres(freshUrl);
      expect(await snapshot(again.db)).toEqual(before);
      await again.close();
    }, 180_000);
  });
}
