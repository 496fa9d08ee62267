import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '@/db/client';
import { assessments, auditEvents, bundleCases, bundleDocuments, bundles, caseEvents, cases, documents, type Case } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import {
  addCaseToBundle,
  canonicalManifest,
  coverLetterFromTemplate,
  createBundle,
  documentPaths,
  finalizeBundle,
  listBundleDocuments,
  listBundles,
  listCandidateCases,
  loadBundle,
  moveBundleCase,
  removeCaseFromBundle,
  suggestCases,
  updateBundleSettings,
  updateCaseSummary,
  updateCoverLetter,
  type ManifestEntry,
} from '@/lib/bundles/bundles';
import { withdrawCase } from '@/lib/cases/messages';
import { AppError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import { groundName, regionName } from '@/lib/reference/names';
import { parseCandidateFilter, type BundleSettingsInput } from '@/lib/validation/bundles';
import { createCase, createDocument, createTag, tagCase, type CaseOverrides, type DocumentOverrides } from '../factories/cases';
import { createUser } from '../factories/users';
import { mailsTo } from '../support/mail';

let org: CurrentUser;
let org2: CurrentUser;
let admin: CurrentUser;
let reviewer: CurrentUser;
let applicant: CurrentUser;

beforeAll(async () => {
  [org, org2, admin, reviewer, applicant] = await Promise.all([
    createUser('organizer', { name: 'Ержан Тоқтаров' }),
    createUser('organizer', { name: 'Мария Ким' }),
    createUser('admin', { name: 'Admin Adminov' }),
    createUser('reviewer', { name: 'Айдана Серікова' }),
    createUser('applicant', { name: 'Заявитель Тестов' }),
  ]);
});

const db = () => getDb();
const t = (locale: Locale) => translatorFor(locale);

const COVER_LETTER = 'Генеральному Прокурору Республики Казахстан. Просим рассмотреть приложенные дела и принести протест на состоявшиеся судебные акты.';
const SUMMARY = 'Осуждён по показаниям, данным под давлением; защитник назначен в день суда.';
const RATIONALE = 'Приговор основан только на признании, от которого подсудимый отказался в суде.';

/** A name no other applicant has, so the mails and summaries of a case are recognisably its own. */
const uniqueName = () => `Заявитель ${Array.from(crypto.randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;
const uniqueSlug = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

/** A case of a new applicant, accepted by default with consent to share and a judgment on file. */
async function caseFor(overrides: CaseOverrides = {}, options: { judgment?: boolean } = {}): Promise<{ row: Case; applicant: CurrentUser }> {
  const owner = await createUser('applicant', { name: uniqueName() });
  const row = await createCase(owner, { status: 'accepted', consentShareWithProsecutors: true, ...overrides });
  if (options.judgment ?? true) await createDocument(row.id, owner.id, 'judgment');
  return { row, applicant: owner };
}

const accepted = async (overrides: CaseOverrides = {}) => (await caseFor(overrides)).row;

const defaultSettings: BundleSettingsInput = { title: 'Дела военнослужащих', addressee: 'prosecutor_general', language: 'ru' };

async function newBundle(settings: Partial<BundleSettingsInput> = {}, by: CurrentUser = org) {
  const { id } = await createBundle(db(), by, { ...defaultSettings, ...settings });
  return bundleRow(id);
}

const bundleRow = async (id: string) => (await db().select().from(bundles).where(eq(bundles.id, id)))[0]!;
const versionOf = async (id: string) => (await bundleRow(id)).version;
const membersOf = (id: string) => db().select().from(bundleCases).where(eq(bundleCases.bundleId, id)).orderBy(asc(bundleCases.position));
const caseRow = async (id: string) => (await db().select().from(cases).where(eq(cases.id, id)))[0]!;
const bundleAudit = (id: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordType, 'bundle'), eq(auditEvents.recordId, id)))
    .orderBy(asc(auditEvents.id));

/** A draft bundle holding `rows` in that order. */
async function bundleWith(rows: Case[], settings: Partial<BundleSettingsInput> = {}) {
  const bundle = await newBundle(settings);
  for (const row of rows) await addCaseToBundle(db(), org, { bundleId: bundle.id, version: await versionOf(bundle.id), caseId: row.id });
  return bundleRow(bundle.id);
}

/** Everything an organizer could see change: the bundle, its cases and their order, the frozen documents, the cases' statuses, the audit trail. */
async function stateOf(bundleId: string) {
  const members = await membersOf(bundleId);
  const ids = members.map((m) => m.caseId);
  return {
    bundle: await bundleRow(bundleId),
    members,
    frozen: await db().select().from(bundleDocuments).where(eq(bundleDocuments.bundleId, bundleId)).orderBy(asc(bundleDocuments.position)),
    cases: ids.length ? await db().select({ id: cases.id, status: cases.status, version: cases.version }).from(cases).where(inArray(cases.id, ids)).orderBy(asc(cases.id)) : [],
    audit: (await bundleAudit(bundleId)).length,
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function expectRefusal(promise: Promise<unknown>, code: AppError['code'], messageKey?: string): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (messageKey) expect((error as AppError).messageKey).toBe(messageKey);
}

function zodIssues(error: unknown): { path: string; message: string }[] {
  expect(error).toBeInstanceOf(ZodError);
  return (error as ZodError).issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** A reviewer's assessment of a case, straight into the table (the review flow has its own tests). */
async function assess(caseId: string, rationale: string, status: 'draft' | 'submitted', submittedAt: Date | null) {
  await db().insert(assessments).values({ caseId, reviewerId: reviewer.id, status, strengthScore: 70, recommendation: 'accept', rationale, submittedAt, updatedAt: new Date() });
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('creating and listing bundles', () => {
  it('starts a draft with the settings chosen, audited, and lists it with its case count', async () => {
    const tag = await createTag(uniqueSlug('military'));
    const { id } = await createBundle(db(), org, { title: '  Дела военнослужащих  ', addressee: 'regional_prosecutor', addresseeRegionCode: 'karaganda', themeTagId: tag.id, language: 'kk' }, { ip: '10.0.0.7' });

    const row = await bundleRow(id);
    expect(row).toMatchObject({
      title: 'Дела военнослужащих',
      addressee: 'regional_prosecutor',
      addresseeRegionCode: 'karaganda',
      themeTagId: tag.id,
      language: 'kk',
      status: 'draft',
      version: 0,
      coverLetter: '',
      snapshot: null,
      manifestSha256: null,
      finalizedAt: null,
      createdById: org.id,
    });
    expect(await bundleAudit(id)).toMatchObject([{ action: 'bundle.created', actorId: org.id }]);

    let listed = (await listBundles(org, 1)).rows.find((b) => b.id === id);
    expect(listed).toMatchObject({ title: 'Дела военнослужащих', addressee: 'regional_prosecutor', addresseeRegionCode: 'karaganda', themeTagId: tag.id, status: 'draft', caseCount: 0 });

    const [a, b] = [await accepted(), await accepted()];
    await addCaseToBundle(db(), org, { bundleId: id, version: 0, caseId: a.id });
    await addCaseToBundle(db(), org, { bundleId: id, version: 1, caseId: b.id });
    const page = await listBundles(admin, 1);
    // Most recently changed first: the bundle just edited leads the list.
    expect(page.rows[0]).toMatchObject({ id, caseCount: 2 });
    listed = page.rows.find((r) => r.id === id);
    expect(listed!.caseCount).toBe(2);
    expect(page.total).toBeGreaterThanOrEqual(1);
  });

  it('needs a region for a regional prosecutor, and keeps none for the Prosecutor General', async () => {
    const before = (await db().select({ n: sql<number>`count(*)::int` }).from(bundles))[0]!.n;
    const refused = await rejectionOf(createBundle(db(), org, { title: 'Земельные споры', addressee: 'regional_prosecutor', addresseeRegionCode: '  ', language: 'ru' }));
    expect(zodIssues(refused)).toEqual([{ path: 'addresseeRegionCode', message: 'validation.chooseRegion' }]);
    expect(zodIssues(await rejectionOf(createBundle(db(), org, { title: 'Земельные споры', addressee: 'regional_prosecutor', language: 'ru' })))).toEqual([
      { path: 'addresseeRegionCode', message: 'validation.chooseRegion' },
    ]);
    expect(zodIssues(await rejectionOf(createBundle(db(), org, { ...defaultSettings, title: 'ab' })))).toEqual([{ path: 'title', message: 'validation.titleTooShort' }]);
    expect((await db().select({ n: sql<number>`count(*)::int` }).from(bundles))[0]!.n).toBe(before);

    const general = await newBundle({ addressee: 'prosecutor_general', addresseeRegionCode: 'karaganda', themeTagId: '' });
    expect(general).toMatchObject({ addressee: 'prosecutor_general', addresseeRegionCode: null, themeTagId: null, language: 'ru' });
  });

  it('refuses reviewers and applicants (FORBIDDEN) and anyone signed out (UNAUTHENTICATED)', async () => {
    const bundle = await newBundle();
    const row = await accepted();
    const filter = parseCandidateFilter({});
    const attempts = (user: CurrentUser | null) => [
      () => listBundles(user, 1),
      () => createBundle(db(), user, defaultSettings),
      () => loadBundle(user, bundle.id),
      () => listCandidateCases(user, filter),
      () => suggestCases(user, { themeTagId: null }),
      () => updateBundleSettings(db(), user, { bundleId: bundle.id, version: bundle.version, settings: { ...defaultSettings, title: 'Чужая правка' } }),
      () => addCaseToBundle(db(), user, { bundleId: bundle.id, version: bundle.version, caseId: row.id }),
      () => removeCaseFromBundle(db(), user, { bundleId: bundle.id, version: bundle.version, caseId: row.id }),
      () => moveBundleCase(db(), user, { bundleId: bundle.id, version: bundle.version, caseId: row.id, direction: 'up' }),
      () => updateCaseSummary(db(), user, { bundleId: bundle.id, version: bundle.version, caseId: row.id, summary: SUMMARY }),
      () => updateCoverLetter(db(), user, { bundleId: bundle.id, version: bundle.version, coverLetter: COVER_LETTER }),
      () => finalizeBundle(db(), user, { bundleId: bundle.id, version: bundle.version, isConfirmed: true }),
      () => listBundleDocuments(user, bundle.id),
    ];
    const before = await stateOf(bundle.id);
    for (const user of [reviewer, applicant]) for (const attempt of attempts(user)) await expectRefusal(attempt(), 'FORBIDDEN');
    for (const attempt of attempts(null)) await expectRefusal(attempt(), 'UNAUTHENTICATED');
    expect(await stateOf(bundle.id)).toEqual(before);
    expect((await caseRow(row.id)).status).toBe('accepted');

    // An admin may do what an organizer does.
    await addCaseToBundle(db(), admin, { bundleId: bundle.id, version: bundle.version, caseId: row.id });
    expect(await membersOf(bundle.id)).toMatchObject([{ caseId: row.id, position: 1 }]);
  });
});

describe('choosing cases', () => {
  it('offers only accepted cases that are in no bundle, strongest first', async () => {
    const tag = await createTag(uniqueSlug('activists'));
    const make = async (overrides: CaseOverrides) => {
      const row = await accepted(overrides);
      await tagCase(row.id, tag.id);
      return row;
    };
    const strong = await make({ strengthScore: 91 });
    const middling = await make({ strengthScore: 55 });
    const unscored = await make({ strengthScore: null });
    const weak = await make({ strengthScore: 20 });
    const taken = await make({ strengthScore: 99 });
    const others = [];
    for (const status of ['submitted', 'in_review', 'recommended', 'declined', 'bundled', 'withdrawn', 'draft'] as const) others.push(await make({ status, strengthScore: 95 }));
    await bundleWith([taken]);

    const page = await listCandidateCases(org, parseCandidateFilter({ tag: tag.slug }));
    expect(page.rows.map((r) => r.id)).toEqual([strong.id, middling.id, weak.id, unscored.id]);
    expect(page.total).toBe(4);
    expect(page.rows[0]).toMatchObject({ reference: strong.reference, regionCode: strong.regionCode, kind: 'criminal', courtName: strong.courtName, grounds: strong.grounds, strengthScore: 91 });

    // Unfiltered: every row offered is accepted and free, and the total counts exactly those.
    const all = await listCandidateCases(org, parseCandidateFilter({}));
    const [expected] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(and(eq(cases.status, 'accepted'), sql`not exists (select 1 from ${bundleCases} where ${bundleCases.caseId} = ${cases.id})`));
    expect(all.total).toBe(expected!.n);
    const offered = all.rows.length ? await db().select({ id: cases.id, status: cases.status }).from(cases).where(inArray(cases.id, all.rows.map((r) => r.id))) : [];
    expect(offered.every((c) => c.status === 'accepted')).toBe(true);
    const inBundles = await db().select({ caseId: bundleCases.caseId }).from(bundleCases);
    expect(all.rows.filter((r) => inBundles.some((m) => m.caseId === r.id))).toEqual([]);
    expect(all.rows.map((r) => r.id)).not.toContain(taken.id);
    for (const other of others) expect(all.rows.map((r) => r.id)).not.toContain(other.id);
    const scores = all.rows.map((r) => r.strengthScore ?? -1);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('filters by tag, region, kind, ground and minimum score', async () => {
    const tag = await createTag(uniqueSlug('land'));
    const otherTag = await createTag(uniqueSlug('property'));
    const make = async (overrides: CaseOverrides, tagId = tag.id) => {
      const row = await accepted(overrides);
      await tagCase(row.id, tagId);
      return row;
    };
    const karaganda = await make({ regionCode: 'karaganda', strengthScore: 80, grounds: ['coercion_torture', 'procedural_violations'] });
    const administrative = await make({ kind: 'administrative', strengthScore: 60, grounds: ['political_motive'] });
    const civil = await make({ kind: 'civil', regionCode: 'karaganda', strengthScore: 40, grounds: ['bribery_corruption'] });
    const untagged = await make({ regionCode: 'karaganda', strengthScore: 100, grounds: ['coercion_torture'] }, otherTag.id);

    const ids = async (params: Record<string, string>) => (await listCandidateCases(org, parseCandidateFilter({ tag: tag.slug, ...params }))).rows.map((r) => r.id);
    expect(await ids({})).toEqual([karaganda.id, administrative.id, civil.id]);
    expect(await ids({ region: 'karaganda' })).toEqual([karaganda.id, civil.id]);
    expect(await ids({ kind: 'administrative' })).toEqual([administrative.id]);
    expect(await ids({ kind: 'civil', region: 'karaganda' })).toEqual([civil.id]);
    expect(await ids({ ground: 'coercion_torture' })).toEqual([karaganda.id]);
    expect(await ids({ ground: 'political_motive' })).toEqual([administrative.id]);
    expect(await ids({ ground: 'new_evidence' })).toEqual([]);
    expect(await ids({ minScore: '60' })).toEqual([karaganda.id, administrative.id]);
    expect(await ids({ minScore: '81' })).toEqual([]);
    // The other theme's case shows under its own tag only.
    expect((await listCandidateCases(org, parseCandidateFilter({ tag: otherTag.slug }))).rows.map((r) => r.id)).toEqual([untagged.id]);
    // Region and ground without a tag: the tagged-elsewhere case is found too.
    const byGround = (await listCandidateCases(org, parseCandidateFilter({ region: 'karaganda', ground: 'coercion_torture' }))).rows.map((r) => r.id);
    expect(byGround).toEqual(expect.arrayContaining([untagged.id, karaganda.id]));
    expect(byGround.indexOf(untagged.id)).toBeLessThan(byGround.indexOf(karaganda.id));
    // Nonsense in the URL is ignored rather than an error.
    expect(await ids({ kind: 'maritime', minScore: 'lots' })).toEqual([karaganda.id, administrative.id, civil.id]);
  });

  it("suggests the strongest free cases of the bundle's theme", async () => {
    const theme = await createTag(uniqueSlug('officers'));
    const make = async (overrides: CaseOverrides, tagged = true) => {
      const row = await accepted(overrides);
      if (tagged) await tagCase(row.id, theme.id);
      return row;
    };
    const best = await make({ strengthScore: 88 });
    const good = await make({ strengthScore: 70 });
    const unscored = await make({ strengthScore: null });
    await make({ strengthScore: 99 }, false);
    await make({ status: 'recommended', strengthScore: 97 });
    const inBundle = await make({ strengthScore: 95 });
    await bundleWith([inBundle]);

    const bundle = await newBundle({ themeTagId: theme.id });
    expect((await suggestCases(org, bundle)).map((r) => r.id)).toEqual([best.id, good.id, unscored.id]);
    expect((await suggestCases(org, bundle, db(), 2)).map((r) => r.id)).toEqual([best.id, good.id]);
    expect(await suggestCases(org, { themeTagId: null })).toEqual([]);

    // Once added, a suggestion is no longer suggested.
    await addCaseToBundle(db(), org, { bundleId: bundle.id, version: bundle.version, caseId: best.id });
    expect((await suggestCases(org, bundle)).map((r) => r.id)).toEqual([good.id, unscored.id]);
  });
});

describe('editing a draft bundle', () => {
  it("adds a case at the end with a summary prefilled from its facts and the latest submitted rationale, in the bundle's language", async () => {
    const { row: own, applicant: owner } = await caseFor({ contactLocale: 'ru', grounds: ['coercion_torture', 'procedural_violations'], sentenceMonths: 90 });
    const { row: relative } = await caseFor({ filingFor: 'other', convictedPersonName: 'Бекзат Нұрланұлы', relationship: 'son' });
    const now = Date.now();
    await assess(own.id, 'Ранний вывод первого юриста.', 'submitted', new Date(now - 3 * 86_400_000));
    await assess(own.id, RATIONALE, 'submitted', new Date(now - 86_400_000));
    await assess(own.id, 'Черновик, который никто не отправил.', 'draft', null);

    const bundle = await newBundle({ language: 'kk' });
    await addCaseToBundle(db(), org, { bundleId: bundle.id, version: 0, caseId: own.id }, { ip: '10.0.0.8' });
    await addCaseToBundle(db(), org, { bundleId: bundle.id, version: 1, caseId: relative.id });

    const members = await membersOf(bundle.id);
    expect(members.map((m) => [m.caseId, m.position])).toEqual([
      [own.id, 1],
      [relative.id, 2],
    ]);
    const [first, second] = members.map((m) => m.summary);
    expect(first).toContain(owner.name);
    expect(first).toContain(own.caseNumber!);
    expect(first).toContain(own.courtName!);
    expect(first).toContain(RATIONALE);
    expect(first).not.toContain('Ранний вывод');
    expect(first).not.toContain('Черновик');
    // In Kazakh, the bundle's language: grounds and sentence as the Kazakh catalog words them.
    for (const g of ['coercion_torture', 'procedural_violations']) expect(first).toContain(groundName(g, 'kk'));
    expect(first).toContain(t('kk')('bundles.text.term', { years: 7, months: 6 }));
    expect(groundName('coercion_torture', 'kk')).not.toBe(groundName('coercion_torture', 'ru'));
    expect(first).not.toContain(groundName('coercion_torture', 'ru'));

    // Filed for a relative: the convicted person's name, not the applicant's; no rationale yet.
    expect(second).toContain('Бекзат Нұрланұлы');
    expect(second).toContain(relative.caseNumber!);
    expect(second).not.toContain('\n\n');

    expect((await bundleRow(bundle.id)).version).toBe(2);
    expect((await bundleAudit(bundle.id)).map((a) => [a.action, a.data])).toEqual([
      ['bundle.created', {}],
      ['bundle.case_added', { caseId: own.id }],
      ['bundle.case_added', { caseId: relative.id }],
    ]);
    // The cases stay accepted until the bundle is finalized.
    expect((await caseRow(own.id)).status).toBe('accepted');
  });

  it('refuses a case that is not accepted, a draft, one already here and one in another bundle', async () => {
    const here = await accepted();
    const elsewhere = await accepted();
    const bundle = await bundleWith([here]);
    const other = await bundleWith([elsewhere]);
    const before = await stateOf(bundle.id);
    const otherBefore = await stateOf(other.id);
    const add = (caseId: string) => addCaseToBundle(db(), org, { bundleId: bundle.id, version: before.bundle.version, caseId });

    for (const status of ['submitted', 'in_review', 'needs_info', 'recommended', 'declined', 'withdrawn', 'bundled'] as const)
      await expectRefusal(add((await accepted({ status })).id), 'CONFLICT', 'bundles.notAccepted');
    await expectRefusal(add((await accepted({ status: 'draft' })).id), 'NOT_FOUND');
    await expectRefusal(add(crypto.randomUUID()), 'NOT_FOUND');
    await expectRefusal(add(here.id), 'CONFLICT', 'bundles.alreadyHere');
    await expectRefusal(add(elsewhere.id), 'CONFLICT', 'bundles.inAnotherBundle');

    expect(await stateOf(bundle.id)).toEqual(before);
    expect(await stateOf(other.id)).toEqual(otherBefore);
  });

  it('moves cases up and down; at the top or bottom nothing happens', async () => {
    const [a, b, c] = [await accepted(), await accepted(), await accepted()];
    const bundle = await bundleWith([a, b, c]);
    const order = async () => (await loadBundle(org, bundle.id)).cases.map((m) => m.caseId);
    const move = async (caseId: string, direction: 'up' | 'down') => moveBundleCase(db(), org, { bundleId: bundle.id, version: await versionOf(bundle.id), caseId, direction });
    expect(await order()).toEqual([a.id, b.id, c.id]);

    await move(c.id, 'up');
    expect(await order()).toEqual([a.id, c.id, b.id]);
    expect((await membersOf(bundle.id)).map((m) => [m.caseId, m.position])).toEqual([
      [a.id, 1],
      [c.id, 2],
      [b.id, 3],
    ]);
    expect(await versionOf(bundle.id)).toBe(4);

    await move(a.id, 'down');
    expect(await order()).toEqual([c.id, a.id, b.id]);

    // At the edges: a no-op, the version unchanged.
    const before = await stateOf(bundle.id);
    await move(c.id, 'up');
    await move(b.id, 'down');
    expect(await stateOf(bundle.id)).toEqual(before);

    await expectRefusal(move((await accepted()).id, 'up'), 'NOT_FOUND');
  });

  it('removes a case, which becomes a candidate again; keeps the order of the rest', async () => {
    const tag = await createTag(uniqueSlug('removal'));
    const [a, b, c] = [await accepted(), await accepted(), await accepted()];
    await tagCase(b.id, tag.id);
    const bundle = await bundleWith([a, b, c]);
    expect((await listCandidateCases(org, parseCandidateFilter({ tag: tag.slug }))).rows).toEqual([]);

    await removeCaseFromBundle(db(), org, { bundleId: bundle.id, version: 3, caseId: b.id });
    expect((await membersOf(bundle.id)).map((m) => m.caseId)).toEqual([a.id, c.id]);
    expect(await versionOf(bundle.id)).toBe(4);
    expect((await bundleAudit(bundle.id)).at(-1)).toMatchObject({ action: 'bundle.case_removed', data: { caseId: b.id } });
    expect((await listCandidateCases(org, parseCandidateFilter({ tag: tag.slug }))).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await caseRow(b.id)).status).toBe('accepted');

    // Added again, it goes to the end; the gap left behind does not matter.
    await addCaseToBundle(db(), org, { bundleId: bundle.id, version: 4, caseId: b.id });
    expect((await loadBundle(org, bundle.id)).cases.map((m) => m.caseId)).toEqual([a.id, c.id, b.id]);
    await moveBundleCase(db(), org, { bundleId: bundle.id, version: 5, caseId: b.id, direction: 'up' });
    expect((await loadBundle(org, bundle.id)).cases.map((m) => m.caseId)).toEqual([a.id, b.id, c.id]);

    const before = await stateOf(bundle.id);
    await expectRefusal(removeCaseFromBundle(db(), org, { bundleId: bundle.id, version: 6, caseId: (await accepted()).id }), 'NOT_FOUND');
    expect(await stateOf(bundle.id)).toEqual(before);
  });

  it('saves an edited case summary and cover letter, and refuses ones too short to send', async () => {
    const [a, b] = [await accepted(), await accepted()];
    const bundle = await bundleWith([a, b]);
    await updateCaseSummary(db(), org, { bundleId: bundle.id, version: 2, caseId: b.id, summary: `   ${SUMMARY}   ` });
    expect((await membersOf(bundle.id)).map((m) => m.summary)[1]).toBe(SUMMARY);
    expect((await membersOf(bundle.id))[0]!.summary).not.toBe(SUMMARY);
    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: 3, coverLetter: `\n${COVER_LETTER}\n` });
    expect(await bundleRow(bundle.id)).toMatchObject({ coverLetter: COVER_LETTER, version: 4 });

    const before = await stateOf(bundle.id);
    expect(zodIssues(await rejectionOf(updateCaseSummary(db(), org, { bundleId: bundle.id, version: 4, caseId: a.id, summary: 'Коротко.' })))).toEqual([
      { path: 'summary', message: 'validation.summaryTooShort' },
    ]);
    expect(zodIssues(await rejectionOf(updateCoverLetter(db(), org, { bundleId: bundle.id, version: 4, coverLetter: 'Просим принести протест.' })))).toEqual([
      { path: 'coverLetter', message: 'validation.coverLetterTooShort' },
    ]);
    await expectRefusal(updateCaseSummary(db(), org, { bundleId: bundle.id, version: 4, caseId: (await accepted()).id, summary: SUMMARY }), 'NOT_FOUND');
    expect(await stateOf(bundle.id)).toEqual(before);
  });

  it('changes the settings; a change to the Prosecutor General drops the region', async () => {
    const bundle = await newBundle({ addressee: 'regional_prosecutor', addresseeRegionCode: 'turkistan' });
    const theme = await createTag(uniqueSlug('confiscation'));
    await updateBundleSettings(db(), org, { bundleId: bundle.id, version: 0, settings: { title: 'Конфискация имущества', addressee: 'prosecutor_general', addresseeRegionCode: 'turkistan', themeTagId: theme.id, language: 'en' } });
    expect(await bundleRow(bundle.id)).toMatchObject({ title: 'Конфискация имущества', addressee: 'prosecutor_general', addresseeRegionCode: null, themeTagId: theme.id, language: 'en', version: 1 });
    expect((await bundleAudit(bundle.id)).at(-1)).toMatchObject({ action: 'bundle.updated', actorId: org.id });

    const before = await stateOf(bundle.id);
    const refused = await rejectionOf(updateBundleSettings(db(), org, { bundleId: bundle.id, version: 1, settings: { ...defaultSettings, addressee: 'regional_prosecutor' } }));
    expect(zodIssues(refused)).toEqual([{ path: 'settings.addresseeRegionCode', message: 'validation.chooseRegion' }]);
    expect(await stateOf(bundle.id)).toEqual(before);
  });

  it('fills the cover letter template with the addressee, the number of cases and their grounds, in Kazakh and in Russian', async () => {
    const date = new Date('2026-03-02T06:00:00Z');
    const grounds = [['coercion_torture', 'procedural_violations'], ['procedural_violations'], ['political_motive']];
    for (const locale of ['kk', 'ru'] as const) {
      const regional = coverLetterFromTemplate({ addressee: 'regional_prosecutor', addresseeRegionCode: 'karaganda', language: locale }, grounds, date);
      expect(regional).toContain(t(locale)('bundles.text.regionalProsecutor', { region: regionName('karaganda', locale) }));
      expect(regional).toContain(regionName('karaganda', locale));
      expect(regional).toContain('3');
      expect(regional).toBe(
        t(locale)('bundles.coverTemplate', {
          addressee: t(locale)('bundles.text.regionalProsecutor', { region: regionName('karaganda', locale) }),
          date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(date),
          count: 3,
          grounds: ['coercion_torture', 'procedural_violations', 'political_motive'].map((g) => groundName(g, locale)).join(', '),
        }),
      );
      // Each ground once, named in the letter's language.
      for (const g of ['coercion_torture', 'procedural_violations', 'political_motive']) {
        const name = groundName(g, locale);
        expect(regional.split(name)).toHaveLength(2);
      }
      expect(regional).toContain(new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(date));

      const general = coverLetterFromTemplate({ addressee: 'prosecutor_general', addresseeRegionCode: null, language: locale }, [['new_evidence']], date);
      expect(general).toContain(t(locale)('bundles.text.prosecutorGeneral'));
      expect(general).toContain(groundName('new_evidence', locale));
      expect(general).not.toContain(regionName('karaganda', locale));
    }
    expect(regionName('karaganda', 'kk')).not.toBe(regionName('karaganda', 'ru'));
    expect(coverLetterFromTemplate({ addressee: 'prosecutor_general', addresseeRegionCode: null, language: 'kk' }, [['new_evidence']], date)).not.toContain(groundName('new_evidence', 'ru'));
  });
});

describe('two organizers editing the same draft', () => {
  it("refuses a save from a page rendered before the other's change (CONFLICT 'bundles.stale') and changes nothing", async () => {
    const [a, b] = [await accepted(), await accepted()];
    const spare = await accepted();
    const bundle = await bundleWith([a, b]);
    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: 2, coverLetter: COVER_LETTER });
    const seen = await loadBundle(org, bundle.id);
    const seenBy2 = await loadBundle(org2, bundle.id);
    expect(seenBy2.bundle.version).toBe(seen.bundle.version);

    // The second organizer saves first.
    const theirs = `${COVER_LETTER} Дополнение второго координатора.`;
    await updateCoverLetter(db(), org2, { bundleId: bundle.id, version: seenBy2.bundle.version, coverLetter: theirs });
    const before = await stateOf(bundle.id);
    expect(before.bundle).toMatchObject({ coverLetter: theirs, version: seen.bundle.version + 1 });

    const stale = seen.bundle.version;
    const attempts = [
      () => updateBundleSettings(db(), org, { bundleId: bundle.id, version: stale, settings: { ...defaultSettings, title: 'Моё название' } }),
      () => addCaseToBundle(db(), org, { bundleId: bundle.id, version: stale, caseId: spare.id }),
      () => removeCaseFromBundle(db(), org, { bundleId: bundle.id, version: stale, caseId: a.id }),
      () => moveBundleCase(db(), org, { bundleId: bundle.id, version: stale, caseId: b.id, direction: 'up' }),
      () => updateCaseSummary(db(), org, { bundleId: bundle.id, version: stale, caseId: a.id, summary: SUMMARY }),
      () => updateCoverLetter(db(), org, { bundleId: bundle.id, version: stale, coverLetter: `${COVER_LETTER} Моя версия.` }),
      () => finalizeBundle(db(), org, { bundleId: bundle.id, version: stale, isConfirmed: true }),
    ];
    for (const attempt of attempts) await expectRefusal(attempt(), 'CONFLICT', 'bundles.stale');
    // A version from the future is as stale as one from the past.
    await expectRefusal(updateCoverLetter(db(), org, { bundleId: bundle.id, version: before.bundle.version + 1, coverLetter: COVER_LETTER }), 'CONFLICT', 'bundles.stale');

    expect(await stateOf(bundle.id)).toEqual(before);
    expect((await caseRow(spare.id)).status).toBe('accepted');
    expect((await caseRow(a.id)).status).toBe('accepted');

    // Reloaded, the first organizer's save goes through.
    const fresh = await loadBundle(org, bundle.id);
    await moveBundleCase(db(), org, { bundleId: bundle.id, version: fresh.bundle.version, caseId: b.id, direction: 'up' });
    expect((await membersOf(bundle.id)).map((m) => m.caseId)).toEqual([b.id, a.id]);
    expect((await bundleRow(bundle.id)).coverLetter).toBe(theirs);
  });
});

describe('what stops a bundle from being finalized', () => {
  it('an empty bundle without a cover letter', async () => {
    const bundle = await newBundle();
    expect((await loadBundle(org, bundle.id)).gaps).toEqual([
      { caseId: null, reference: null, key: 'noCases' },
      { caseId: null, reference: null, key: 'noCoverLetter' },
    ]);
    const before = await stateOf(bundle.id);
    await expectRefusal(finalizeBundle(db(), org, { bundleId: bundle.id, version: 0, isConfirmed: true }), 'CONFLICT', 'bundles.incomplete');
    expect(await stateOf(bundle.id)).toEqual(before);

    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: 0, coverLetter: COVER_LETTER });
    expect((await loadBundle(org, bundle.id)).gaps).toEqual([{ caseId: null, reference: null, key: 'noCases' }]);
    await expectRefusal(finalizeBundle(db(), org, { bundleId: bundle.id, version: 1, isConfirmed: true }), 'CONFLICT', 'bundles.incomplete');
    expect((await bundleRow(bundle.id)).status).toBe('draft');
  });

  it('needs the confirmation box ticked', async () => {
    const bundle = await bundleWith([await accepted()]);
    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: 1, coverLetter: COVER_LETTER });
    const before = await stateOf(bundle.id);
    const refused = await rejectionOf(finalizeBundle(db(), org, { bundleId: bundle.id, version: 2, isConfirmed: false as never }));
    expect(zodIssues(refused)).toEqual([{ path: 'isConfirmed', message: 'validation.confirmFinalize' }]);
    expect(await stateOf(bundle.id)).toEqual(before);
  });

  it('lists each missing judgment, consent, summary and the cover letter, with the case reference, and refuses to finalize', async () => {
    const { row: complete, applicant: completeOwner } = await caseFor();
    const { row: noJudgment, applicant: noJudgmentOwner } = await caseFor({}, { judgment: false });
    await createDocument(noJudgment.id, noJudgmentOwner.id, 'cassation_ruling');
    const { row: noConsent } = await caseFor({ consentShareWithProsecutors: false });
    const { row: shortSummary } = await caseFor();
    const { row: withdrawn, applicant: withdrawnOwner } = await caseFor();
    const bundle = await bundleWith([complete, noJudgment, noConsent, shortSummary, withdrawn]);
    // A summary emptied in the database (the form never saves one this short).
    await db()
      .update(bundleCases)
      .set({ summary: 'Кратко.' })
      .where(and(eq(bundleCases.bundleId, bundle.id), eq(bundleCases.caseId, shortSummary.id)));
    // The applicant withdrew while the bundle was being prepared.
    await withdrawCase(db(), withdrawnOwner, { caseId: withdrawn.id, isConfirmed: true });

    const view = await loadBundle(org, bundle.id);
    expect(view.gaps).toEqual([
      { caseId: null, reference: null, key: 'noCoverLetter' },
      { caseId: noJudgment.id, reference: noJudgment.reference, key: 'noJudgment' },
      { caseId: noConsent.id, reference: noConsent.reference, key: 'noConsent' },
      { caseId: shortSummary.id, reference: shortSummary.reference, key: 'noSummary' },
      { caseId: withdrawn.id, reference: withdrawn.reference, key: 'notAccepted' },
    ]);

    const before = await stateOf(bundle.id);
    await expectRefusal(finalizeBundle(db(), org, { bundleId: bundle.id, version: before.bundle.version, isConfirmed: true }), 'CONFLICT', 'bundles.incomplete');
    expect(await stateOf(bundle.id)).toEqual(before);
    expect(await mailsTo(completeOwner.email)).toEqual([]);
    expect(await db().select().from(caseEvents).where(and(eq(caseEvents.caseId, complete.id), eq(caseEvents.toStatus, 'bundled')))).toEqual([]);

    // Each gap closed in turn; the last one makes the bundle finalizable.
    let version = before.bundle.version;
    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: version++, coverLetter: COVER_LETTER });
    await createDocument(noJudgment.id, noJudgmentOwner.id, 'judgment');
    await updateCaseSummary(db(), org, { bundleId: bundle.id, version: version++, caseId: shortSummary.id, summary: SUMMARY });
    await removeCaseFromBundle(db(), org, { bundleId: bundle.id, version: version++, caseId: withdrawn.id });
    expect((await loadBundle(org, bundle.id)).gaps).toEqual([{ caseId: noConsent.id, reference: noConsent.reference, key: 'noConsent' }]);
    await removeCaseFromBundle(db(), org, { bundleId: bundle.id, version: version++, caseId: noConsent.id });
    expect((await loadBundle(org, bundle.id)).gaps).toEqual([]);
    await finalizeBundle(db(), org, { bundleId: bundle.id, version, isConfirmed: true });
    expect((await bundleRow(bundle.id)).status).toBe('finalized');
  });
});

describe('finalizing a bundle', () => {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  const doc = (kind: DocumentOverrides['kind'], contentType: string, createdAt: Date, sizeBytes: number): DocumentOverrides => ({
    kind,
    contentType,
    createdAt,
    sizeBytes,
    originalName: `${kind}-scan`,
  });

  it('freezes the text, the order and the exact documents, moves the cases to bundled and tells each applicant in their language', async () => {
    const a = await caseFor({ contactLocale: 'kk', sentenceMonths: 30, fineKzt: 500_000 }, { judgment: false });
    const b = await caseFor({ contactLocale: 'en', filingFor: 'other', convictedPersonName: 'Serik Akhmetov', relationship: 'brother' }, { judgment: false });
    const c = await caseFor({ contactLocale: 'ru', grounds: ['fabricated_evidence'] }, { judgment: false });
    const docA = [
      await createDocument(a.row.id, a.applicant.id, doc('judgment', 'application/pdf', at(50), 2048)),
      await createDocument(a.row.id, a.applicant.id, doc('evidence', 'image/jpeg', at(40), 4096)),
      await createDocument(a.row.id, a.applicant.id, doc('evidence', 'image/png', at(30), 5120)),
      await createDocument(a.row.id, a.applicant.id, doc('judgment', 'application/pdf', at(20), 3072)),
    ];
    const docB = [
      await createDocument(b.row.id, b.applicant.id, doc('cassation_ruling', 'application/pdf', at(50), 1000)),
      await createDocument(b.row.id, b.applicant.id, doc('judgment', 'image/jpeg', at(45), 1500)),
      await createDocument(b.row.id, b.applicant.id, doc('power_of_attorney', 'application/pdf', at(44), 700)),
    ];
    const docC = [await createDocument(c.row.id, c.applicant.id, doc('judgment', 'application/pdf', at(10), 999))];

    const bundle = await bundleWith([a.row, b.row, c.row], { title: 'Сфабрикованные дела', language: 'ru' });
    // C is moved to the top: the petition's order is A's after C's.
    await moveBundleCase(db(), org, { bundleId: bundle.id, version: 3, caseId: c.row.id, direction: 'up' });
    await moveBundleCase(db(), org, { bundleId: bundle.id, version: 4, caseId: c.row.id, direction: 'up' });
    await updateCaseSummary(db(), org, { bundleId: bundle.id, version: 5, caseId: b.row.id, summary: SUMMARY });
    const letter = coverLetterFromTemplate(await bundleRow(bundle.id), [c.row.grounds, a.row.grounds, b.row.grounds], new Date());
    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: 6, coverLetter: letter });
    const draft = await loadBundle(org, bundle.id);
    expect(draft.gaps).toEqual([]);

    const result = await finalizeBundle(db(), org, { bundleId: bundle.id, version: 7, isConfirmed: true }, { ip: '10.0.0.9' });

    // The bundle: finalized, by whom, when, with its snapshot.
    const row = await bundleRow(bundle.id);
    expect(row).toMatchObject({ status: 'finalized', version: 8, finalizedById: org.id, manifestSha256: result.manifestSha256 });
    expect(row.finalizedAt).toBeInstanceOf(Date);
    expect(row.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    const snapshot = row.snapshot!;
    expect(snapshot).toMatchObject({ title: 'Сфабрикованные дела', addressee: 'prosecutor_general', addresseeRegionCode: null, language: 'ru', coverLetter: letter });
    expect(new Date(snapshot.finalizedAt).getTime()).toBe(row.finalizedAt!.getTime());
    const summaries = new Map(draft.cases.map((m) => [m.caseId, m.summary]));
    expect(snapshot.cases).toEqual([
      {
        caseId: c.row.id,
        reference: c.row.reference,
        position: 1,
        summary: summaries.get(c.row.id),
        personName: c.applicant.name,
        courtName: c.row.courtName,
        caseNumber: c.row.caseNumber,
        judgmentDate: c.row.judgmentDate,
        articles: c.row.articles,
        sentence: t('ru')('bundles.text.term', { years: 4, months: 0 }),
        grounds: ['fabricated_evidence'],
        regionCode: c.row.regionCode,
        kind: 'criminal',
      },
      expect.objectContaining({ caseId: a.row.id, reference: a.row.reference, position: 2, personName: a.applicant.name, summary: summaries.get(a.row.id) }),
      expect.objectContaining({ caseId: b.row.id, reference: b.row.reference, position: 3, personName: 'Serik Akhmetov', summary: SUMMARY }),
    ]);
    expect(snapshot.cases[1]!.sentence).toContain(t('ru')('bundles.text.fine', { amount: new Intl.NumberFormat('ru').format(500_000) }));

    // The exact documents, in the petition's order, under their paths in the archive.
    const frozen = await listBundleDocuments(org, bundle.id);
    const stored = await db().select().from(documents).where(inArray(documents.caseId, [a.row.id, b.row.id, c.row.id]));
    const storedById = new Map(stored.map((d) => [d.id, d]));
    expect(frozen.map((f) => [f.documentId, f.caseId, f.path, f.kind, f.contentType, f.position])).toEqual([
      [docC[0]!.id, c.row.id, `cases/${c.row.reference}/judgment-1.pdf`, 'judgment', 'application/pdf', 1],
      [docA[0]!.id, a.row.id, `cases/${a.row.reference}/judgment-1.pdf`, 'judgment', 'application/pdf', 2],
      [docA[1]!.id, a.row.id, `cases/${a.row.reference}/evidence-1.jpg`, 'evidence', 'image/jpeg', 3],
      [docA[2]!.id, a.row.id, `cases/${a.row.reference}/evidence-2.png`, 'evidence', 'image/png', 4],
      [docA[3]!.id, a.row.id, `cases/${a.row.reference}/judgment-2.pdf`, 'judgment', 'application/pdf', 5],
      [docB[0]!.id, b.row.id, `cases/${b.row.reference}/cassation_ruling-1.pdf`, 'cassation_ruling', 'application/pdf', 6],
      [docB[1]!.id, b.row.id, `cases/${b.row.reference}/judgment-1.jpg`, 'judgment', 'image/jpeg', 7],
      [docB[2]!.id, b.row.id, `cases/${b.row.reference}/power_of_attorney-1.pdf`, 'power_of_attorney', 'application/pdf', 8],
    ]);
    for (const f of frozen) {
      const original = storedById.get(f.documentId)!;
      expect([f.sha256, f.sizeBytes]).toEqual([original.sha256, original.sizeBytes]);
    }
    expect(frozen.map((f) => f.sizeBytes)).toEqual([999, 2048, 4096, 5120, 3072, 1000, 1500, 700]);

    // The manifest's hash, recomputed here from what was frozen.
    const references = new Map([a, b, c].map((x) => [x.row.id, x.row.reference!]));
    const entries: ManifestEntry[] = frozen.map((f) => ({ path: f.path, size: f.sizeBytes, sha256: f.sha256, caseReference: references.get(f.caseId)!, kind: f.kind }));
    expect(result.manifestSha256).toBe(sha256(canonicalManifest(entries)));
    expect(row.manifestSha256).toBe(sha256(canonicalManifest(entries)));

    // Every case is now bundled, with the event on its timeline.
    for (const x of [a, b, c]) {
      const after = await caseRow(x.row.id);
      expect(after).toMatchObject({ status: 'bundled', version: x.row.version + 1 });
      const events = await db().select().from(caseEvents).where(and(eq(caseEvents.caseId, x.row.id), eq(caseEvents.type, 'status_changed')));
      expect(events).toMatchObject([{ fromStatus: 'accepted', toStatus: 'bundled', actorId: org.id, isVisibleToApplicant: true, data: { bundleId: bundle.id } }]);
    }
    expect((await listCandidateCases(org, parseCandidateFilter({}))).rows.map((r) => r.id)).not.toEqual(expect.arrayContaining([a.row.id]));

    // Each applicant hears of it once, in the language they chose for contact.
    for (const [x, locale] of [
      [a, 'kk'],
      [b, 'en'],
      [c, 'ru'],
    ] as const) {
      const mails = await mailsTo(x.applicant.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.locale).toBe(locale);
      expect(mails[0]!.subject).toContain(x.row.reference!);
      expect(mails[0]!.subject).toContain(t(locale)('status.bundled'));
      expect(mails[0]!.text).toContain(`/${locale}/my/cases/${x.row.id}`);
    }

    // The audit trail: the bundle's finalizing, and each case's status change.
    expect((await bundleAudit(bundle.id)).at(-1)).toMatchObject({ action: 'bundle.finalized', actorId: org.id, data: { cases: 3, manifestSha256: result.manifestSha256 } });
    expect((await bundleAudit(bundle.id)).at(-1)!.actorIpHash).toBeTruthy();
    const caseAudit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'case.status_changed'), inArray(auditEvents.recordId, [a.row.id, b.row.id, c.row.id])));
    expect(caseAudit.map((e) => [e.recordId, e.actorId, e.data]).sort()).toEqual(
      [a, b, c].map((x) => [x.row.id, org.id, { from: 'accepted', to: 'bundled', bundleId: bundle.id }]).sort(),
    );

    // The list and the bundle page show it finalized, with nothing left to fix.
    expect((await listBundles(org, 1)).rows.find((r) => r.id === bundle.id)).toMatchObject({ status: 'finalized', caseCount: 3 });
    const view = await loadBundle(org, bundle.id);
    expect(view.gaps).toEqual([]);
    expect(view.cases.map((m) => m.caseId)).toEqual([c.row.id, a.row.id, b.row.id]);
  });
});

describe('a finalized bundle is frozen', () => {
  it("refuses every change with CONFLICT 'bundles.frozen', even with the current version, and nothing changes", async () => {
    const a = await caseFor();
    const b = await caseFor();
    const spare = await accepted();
    const bundle = await bundleWith([a.row, b.row]);
    await updateCoverLetter(db(), org, { bundleId: bundle.id, version: 2, coverLetter: COVER_LETTER });
    await finalizeBundle(db(), org, { bundleId: bundle.id, version: 3, isConfirmed: true });
    const before = await stateOf(bundle.id);
    const mailsBefore = [...(await mailsTo(a.applicant.email)), ...(await mailsTo(b.applicant.email))];
    expect(before.bundle).toMatchObject({ status: 'finalized', version: 4 });
    expect(before.frozen).toHaveLength(2);

    const current = before.bundle.version;
    for (const user of [org, org2, admin]) {
      const attempts = [
        () => updateBundleSettings(db(), user, { bundleId: bundle.id, version: current, settings: { ...defaultSettings, title: 'Исправленное название', language: 'kk' } }),
        () => addCaseToBundle(db(), user, { bundleId: bundle.id, version: current, caseId: spare.id }),
        () => removeCaseFromBundle(db(), user, { bundleId: bundle.id, version: current, caseId: a.row.id }),
        () => moveBundleCase(db(), user, { bundleId: bundle.id, version: current, caseId: b.row.id, direction: 'up' }),
        () => moveBundleCase(db(), user, { bundleId: bundle.id, version: current, caseId: a.row.id, direction: 'up' }),
        () => updateCaseSummary(db(), user, { bundleId: bundle.id, version: current, caseId: a.row.id, summary: SUMMARY }),
        () => updateCoverLetter(db(), user, { bundleId: bundle.id, version: current, coverLetter: `${COVER_LETTER} Постскриптум.` }),
        () => finalizeBundle(db(), user, { bundleId: bundle.id, version: current, isConfirmed: true }),
        // An old page is refused as frozen too, not as merely stale.
        () => updateCoverLetter(db(), user, { bundleId: bundle.id, version: current - 1, coverLetter: `${COVER_LETTER} Постскриптум.` }),
      ];
      for (const attempt of attempts) await expectRefusal(attempt(), 'CONFLICT', 'bundles.frozen');
    }

    expect(await stateOf(bundle.id)).toEqual(before);
    expect((await caseRow(spare.id)).status).toBe('accepted');
    expect([...(await mailsTo(a.applicant.email)), ...(await mailsTo(b.applicant.email))]).toEqual(mailsBefore);

    // A document the applicant uploads later is not part of what was frozen.
    await createDocument(a.row.id, a.applicant.id, 'evidence');
    expect(await listBundleDocuments(org, bundle.id)).toEqual(before.frozen);
    expect((await bundleRow(bundle.id)).manifestSha256).toBe(before.bundle.manifestSha256);
  });
});

describe('document paths in the archive', () => {
  it('numbers documents per kind and takes the extension from the content type', () => {
    const paths = documentPaths('RD-2026-00042', [
      { id: '1', kind: 'judgment', contentType: 'application/pdf' },
      { id: '2', kind: 'evidence', contentType: 'image/jpeg' },
      { id: '3', kind: 'judgment', contentType: 'image/png' },
      { id: '4', kind: 'evidence', contentType: 'application/pdf' },
      { id: '5', kind: 'appellate_ruling', contentType: 'application/pdf' },
      { id: '6', kind: 'evidence', contentType: 'image/png' },
      { id: '7', kind: 'other', contentType: 'application/x-msdownload' },
    ]);
    expect([...paths.entries()]).toEqual([
      ['1', 'cases/RD-2026-00042/judgment-1.pdf'],
      ['2', 'cases/RD-2026-00042/evidence-1.jpg'],
      ['3', 'cases/RD-2026-00042/judgment-2.png'],
      ['4', 'cases/RD-2026-00042/evidence-2.pdf'],
      ['5', 'cases/RD-2026-00042/appellate_ruling-1.pdf'],
      ['6', 'cases/RD-2026-00042/evidence-3.png'],
      ['7', 'cases/RD-2026-00042/other-1.bin'],
    ]);
    // Numbering starts again for each case.
    expect([...documentPaths('RD-2026-00043', [{ id: '8', kind: 'judgment', contentType: 'image/jpeg' }]).values()]).toEqual(['cases/RD-2026-00043/judgment-1.jpg']);
    expect(documentPaths('RD-2026-00044', []).size).toBe(0);
  });
});
