import crypto from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { caseEvents, cases, documents, signatures, users } from '@/db/schema';
import { authenticate } from '@/lib/accounts/mutations';
import { currentTotp, decryptTotpSecret } from '@/lib/auth/totp';
import { caseStatuses } from '@/lib/cases/status';
import { isSeeded, seedDemo, type DemoAccount } from '@/lib/demo/seed';
import { listPublicPetitions } from '@/lib/petitions/public';
import { getStorage } from '@/lib/storage';

let accounts: DemoAccount[];

beforeAll(async () => {
  expect(await isSeeded(getDb())).toBe(false);
  accounts = await seedDemo(getDb());
}, 180_000);

describe('demo data', () => {
  it('has one login per role and two reviewers, all able to sign in', async () => {
    expect(accounts.map((a) => a.role).sort()).toEqual(['admin', 'applicant', 'organizer', 'reviewer', 'reviewer']);
    for (const account of accounts) {
      const code = account.totpSecret ? currentTotp(account.totpSecret) : undefined;
      await expect(authenticate(getDb(), { email: account.email, password: account.password, code })).resolves.toMatchObject({ role: account.role });
    }
    expect(await isSeeded(getDb())).toBe(true);
  });

  it('enrolls every staff account in two-factor sign-in, with its secret stored encrypted', async () => {
    for (const account of accounts) {
      const [row] = await getDb().select().from(users).where(eq(users.email, account.email));
      if (account.role === 'applicant') {
        expect(account.totpSecret).toBeUndefined();
        expect(row!.totpEnabledAt).toBeNull();
        continue;
      }
      expect(account.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
      expect(row!.totpEnabledAt).not.toBeNull();
      expect(row!.totpSecret).not.toContain(account.totpSecret);
      expect(decryptTotpSecret(row!.totpSecret!)).toBe(account.totpSecret);
      // Without the code, the password alone does not sign a staff account in.
      await expect(authenticate(getDb(), { email: account.email, password: account.password })).rejects.toMatchObject({ messageKey: 'auth.codeRequired' });
    }
  });

  it('holds at least 40 cases across regions, kinds and every status', async () => {
    const db = getDb();
    const [stats] = await db
      .select({
        n: sql<number>`count(*)::int`,
        regions: sql<number>`count(distinct ${cases.regionCode})::int`,
        kinds: sql<number>`count(distinct ${cases.kind})::int`,
        statuses: sql<string[]>`array_agg(distinct ${cases.status}::text)`,
      })
      .from(cases);
    expect(stats!.n).toBeGreaterThanOrEqual(40);
    expect(stats!.regions).toBeGreaterThanOrEqual(10);
    expect(stats!.kinds).toBe(3);
    expect([...stats!.statuses].sort()).toEqual([...caseStatuses].sort());
  });

  it('gives submitted cases sequential references and a status history that ends in their status', async () => {
    const db = getDb();
    const rows = await db.select({ id: cases.id, reference: cases.reference, status: cases.status }).from(cases).where(sql`${cases.status} <> 'draft'`);
    expect(rows.every((r) => /^RD-\d{4}-\d{5}$/.test(r.reference ?? ''))).toBe(true);
    expect(new Set(rows.map((r) => r.reference)).size).toBe(rows.length);
    for (const row of rows.slice(0, 12)) {
      const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(caseEvents.createdAt);
      expect(events.at(-1)?.toStatus, row.reference ?? '').toBe(row.status);
    }
  });

  it('stores real, encrypted PDFs whose SHA-256 matches the record', async () => {
    const docs = await getDb().select().from(documents).limit(5);
    expect(docs.length).toBe(5);
    for (const doc of docs) {
      const bytes = await buffer(await getStorage().get(doc.storageKey));
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.length).toBe(doc.sizeBytes);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    }
  });

  it('has an open and a closed petition whose totals count only confirmed signatures', async () => {
    const { rows } = await listPublicPetitions(1, 'kk');
    expect(rows.map((p) => [p.slug, p.status, p.confirmedCount])).toEqual([
      ['special-commission', 'open', 6],
      ['jury-trials', 'closed', 4],
    ]);
    expect(rows[0]).toMatchObject({ signatureGoal: 50_000, titleLocale: 'kk' });
  });

  it('uses no real person from the news articles', async () => {
    const names = (await getDb().select({ name: cases.convictedPersonName }).from(cases)).map((r) => r.name ?? '');
    const applicants = (await getDb().select({ name: users.name }).from(users)).map((r) => r.name);
    const signers = (await getDb().select({ name: signatures.name }).from(signatures)).map((r) => r.name);
    const real = /Dzhakishev|Джакишев|Yerimbetov|Еримбетов|Bokayev|Бокаев|Baltabay|Балтабай|Bilash|Билаш|Amangeldy|Амангелды|Karabekov|Карабеков|Mamedova|Мамедова|Glinskaya|Глинская|Ablyazov|Аблязов|Kozlov|Козлов/;
    expect([...names, ...applicants, ...signers].filter((n) => real.test(n))).toEqual([]);
  });
});
