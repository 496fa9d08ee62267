import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { assessments, bundleAttachments, bundleCases, bundles, petitions, type Case } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { createAuthToken } from '@/lib/auth/tokens';
import { getStorage } from '@/lib/storage';
import { createCase, createDocument, createTag, type CaseOverrides } from '../../factories/cases';
import type { Person } from './actors';

/**
 * Fresh records for one attempt: each call of an action or route gets its own, so an allowed
 * call by one actor never changes what the next actor is tried on.
 */

/** The factories take the app's CurrentUser; only id and name matter to them. */
export const asUser = (p: Person): CurrentUser => ({ id: p.id, email: p.email, name: p.name, role: p.role, locale: 'ru', twoFactor: p.role !== 'applicant' }) as CurrentUser;

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

export const today = () => new Date().toISOString().slice(0, 10);
export const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(5).toString('hex')}`;

export const LONG_NARRATIVE =
  'Меня осудили на основании показаний, данных под давлением; защитник был назначен в день суда и не видел материалов дела. ' +
  'Апелляционная и кассационная инстанции не рассмотрели доводы о применении недозволенных методов следствия и оставили приговор без изменения.';

/** A case of `owner` (submitted unless said otherwise). */
export const caseOf = (owner: Person, overrides: CaseOverrides = {}): Promise<Case> => createCase(asUser(owner), overrides);

/** A complete draft of `owner`, with its judgment on file: submitting it succeeds. */
export async function readyDraft(owner: Person): Promise<Case> {
  const row = await caseOf(owner, { status: 'draft', narrative: LONG_NARRATIVE, requestedRemedy: 'Принести протест.' });
  await createDocument(row.id, owner.id, 'judgment');
  return row;
}

/** A document whose encrypted file really is in storage, so it can be opened and streamed. */
export async function storedDocument(caseId: string, uploaderId: string): Promise<{ id: string }> {
  const stored = await getStorage().put(Readable.from([PDF_BYTES]));
  return createDocument(caseId, uploaderId, { storageKey: stored.key, sizeBytes: stored.sizeBytes, sha256: stored.sha256, originalName: 'приговор.pdf' });
}

/** A case as organizers bundle it: accepted, consent to share, judgment on file. */
export async function acceptedCase(owner: Person): Promise<Case> {
  const row = await caseOf(owner, { status: 'accepted', consentShareWithProsecutors: true });
  await createDocument(row.id, owner.id, 'judgment');
  return row;
}

type BundleRow = typeof bundles.$inferSelect;

/** A draft bundle of `by` holding `members` in order (summaries long enough to finalize). */
export async function draftBundle(by: Person, members: Case[] = [], set: Partial<typeof bundles.$inferInsert> = {}): Promise<BundleRow> {
  const [bundle] = await getDb()
    .insert(bundles)
    .values({ title: unique('Bundle'), createdById: by.id, language: 'ru', ...set })
    .returning();
  for (const [i, c] of members.entries()) {
    await getDb()
      .insert(bundleCases)
      .values({ bundleId: bundle!.id, caseId: c.id, position: i + 1, summary: 'Осуждён по показаниям, данным под давлением; защитник назначен в день суда.' });
  }
  return bundle!;
}

/** A bundle frozen at `status` (finalized or later) with a minimal snapshot. */
export async function frozenBundle(by: Person, status: 'finalized' | 'submitted' | 'answered' = 'finalized', members: Case[] = []): Promise<BundleRow> {
  const now = new Date();
  return draftBundle(by, members, {
    status,
    finalizedAt: now,
    finalizedById: by.id,
    manifestSha256: 'a'.repeat(64),
    submittedOn: status === 'finalized' ? null : today(),
    registryNumber: status === 'finalized' ? null : '12-34/5678',
    snapshot: {
      title: 'Frozen bundle',
      addressee: 'prosecutor_general',
      addresseeRegionCode: null,
      language: 'ru',
      coverLetter: 'Генеральному Прокурору Республики Казахстан. Просим принести протест.',
      finalizedAt: now.toISOString(),
      cases: [],
    },
  });
}

/** A stamped cover or the prosecutor's reply of a bundle, its file really stored. */
export async function bundleAttachment(bundleId: string, purpose: 'stamped_cover' | 'answer', by: Person): Promise<{ id: string }> {
  const stored = await getStorage().put(Readable.from([PDF_BYTES]));
  const [row] = await getDb()
    .insert(bundleAttachments)
    .values({ bundleId, purpose, originalName: 'scan.pdf', contentType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: stored.key, uploadedById: by.id })
    .returning({ id: bundleAttachments.id });
  return row!;
}

export async function petitionOf(by: Person, status: 'draft' | 'open' | 'closed' = 'draft', set: Partial<typeof petitions.$inferInsert> = {}) {
  const [row] = await getDb()
    .insert(petitions)
    .values({
      slug: unique('petition'),
      status,
      titleKk: 'Арнайы комиссия құру',
      titleRu: 'Создать специальную комиссию',
      titleEn: 'Create a special commission',
      bodyKk: 'Даулы сот шешімдерін қайта қарау үшін арнайы комиссия құруды сұраймыз. '.repeat(2),
      bodyRu: 'Просим создать специальную комиссию для пересмотра спорных судебных решений. '.repeat(2),
      bodyEn: 'We ask for a special commission to review controversial court rulings, case by case. '.repeat(2),
      addressee: 'Президенту Республики Казахстан',
      signatureGoal: 1000,
      createdById: by.id,
      opensAt: status === 'draft' ? null : new Date(Date.now() - 86_400_000),
      ...set,
    })
    .returning();
  return row!;
}

/** The reviewer's submitted assessment of a case (what a recommendation rests on). */
export async function submittedAssessment(caseId: string, reviewerId: string): Promise<void> {
  await getDb().insert(assessments).values({ caseId, reviewerId, status: 'submitted', strengthScore: 60, rationale: 'Признание получено под давлением.', submittedAt: new Date() });
}

export const newTag = () => createTag(unique('tag'));

/** A password-reset link of `person`, as the e-mail carries it. */
export const resetToken = (person: Person) => createAuthToken(getDb(), person.id, 'reset_password');

/** Rows of the domain tables, hashed: a refused request must leave every one as it was. */
const UNTOUCHED_BY_REFUSALS_EXCLUDED = new Set([
  // A refusal is itself recorded, and sessions note their last activity.
  'audit_events',
  'user_sessions',
  // Counters a refused request may legitimately move.
  'auth_throttles',
  'rate_limit_hits',
  '__drizzle_migrations',
]);

let tableList: string[] | undefined;

export async function fingerprint(): Promise<Record<string, string>> {
  const db = getDb();
  tableList ??= (
    (await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)).rows as {
      table_name: string;
    }[]
  )
    .map((r) => r.table_name)
    .filter((t) => !UNTOUCHED_BY_REFUSALS_EXCLUDED.has(t));
  const parts = tableList.map((t) => `(select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from "${t}" x) as "${t}"`);
  const [row] = (await db.execute(sql.raw(`select ${parts.join(', ')}`))).rows as Record<string, string>[];
  return row!;
}

/** Tables whose rows differ between two fingerprints. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) => Object.keys(before).filter((t) => before[t] !== after[t]);
