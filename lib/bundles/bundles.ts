import 'server-only';
import crypto from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db/client';
import {
  assessments,
  bundleCases,
  bundleDocuments,
  bundles,
  caseEvents,
  cases,
  caseTags,
  documents,
  tags,
  users,
  type Bundle,
  type BundleSnapshot,
  type Case,
} from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { findTransition } from '@/lib/cases/status';
import { EXTENSION_OF_TYPE, isAcceptedType } from '@/lib/documents/limits';
import { appUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/validation/ids';
import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import { enqueueMail } from '@/lib/mail/send';
import { caseStatusMail } from '@/lib/mail/templates';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';
import { groundName, regionName } from '@/lib/reference/names';
import {
  bundleCaseSchema,
  bundleSettingsSchema,
  bundleSummarySchema,
  coverLetterSchema,
  finalizeBundleSchema,
  moveBundleCaseSchema,
  updateBundleSchema,
  type BundleCaseInput,
  type BundleSettingsInput,
  type BundleSummaryInput,
  type CandidateFilter,
  type CoverLetterInput,
  type FinalizeBundleInput,
  type MoveBundleCaseInput,
  type UpdateBundleInput,
} from '@/lib/validation/bundles';

type RequestContext = { ip?: string | null };

export type BundleListRow = {
  id: string;
  title: string;
  addressee: Bundle['addressee'];
  addresseeRegionCode: string | null;
  themeTagId: string | null;
  status: Bundle['status'];
  caseCount: number;
  updatedAt: Date;
};

/** Bundles, most recently changed first. */
export async function listBundles(user: CurrentUser | null, page: number, db: Db = getDb()): Promise<Page<BundleListRow>> {
  assertCan(user, 'bundle.manage');
  const rows = await db
    .select({
      id: bundles.id,
      title: bundles.title,
      addressee: bundles.addressee,
      addresseeRegionCode: bundles.addresseeRegionCode,
      themeTagId: bundles.themeTagId,
      status: bundles.status,
      caseCount: sql<number>`(select count(*)::int from ${bundleCases} where ${bundleCases.bundleId} = ${bundles.id})`,
      updatedAt: bundles.updatedAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(bundles)
    .orderBy(desc(bundles.updatedAt), asc(bundles.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}

function settingsColumns(settings: ReturnType<typeof bundleSettingsSchema.parse>) {
  return {
    title: settings.title,
    addressee: settings.addressee,
    addresseeRegionCode: settings.addressee === 'regional_prosecutor' ? settings.addresseeRegionCode : null,
    themeTagId: settings.themeTagId || null,
    language: settings.language,
  };
}

/** A theme must be an existing tag: a field error, not a database one. */
async function assertTheme(tx: Tx, themeTagId: string): Promise<void> {
  if (!themeTagId) return;
  const [tag] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.id, themeTagId));
  if (!tag) throw new AppError('VALIDATION', 'validation.invalid', 'themeTagId');
}

/** Starts a draft bundle. */
export async function createBundle(db: Db, user: CurrentUser | null, input: BundleSettingsInput, ctx: RequestContext = {}): Promise<{ id: string }> {
  assertCan(user, 'bundle.manage');
  const settings = bundleSettingsSchema.parse(input);
  return db.transaction(async (tx) => {
    await assertTheme(tx, settings.themeTagId);
    const [row] = await tx
      .insert(bundles)
      .values({ ...settingsColumns(settings), createdById: user.id })
      .returning({ id: bundles.id });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.created', recordType: 'bundle', recordId: row!.id });
    return { id: row!.id };
  });
}

/**
 * Locks a draft bundle for an edit. A finalized bundle can never be edited, whatever the route;
 * a save from a page rendered before someone else's change is refused.
 */
async function lockDraft(tx: Tx, user: CurrentUser, bundleId: string, version: number): Promise<Bundle> {
  assertCan(user, 'bundle.manage');
  const [row] = await tx.select().from(bundles).where(eq(bundles.id, bundleId)).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status !== 'draft') throw new AppError('CONFLICT', 'bundles.frozen');
  if (row.version !== version) throw new AppError('CONFLICT', 'bundles.stale');
  return row;
}

/** Saves a change to the bundle row and returns its new version, which the page edits from next. */
async function touch(tx: Tx, bundleId: string, set: Partial<typeof bundles.$inferInsert> = {}): Promise<Saved> {
  const [row] = await tx
    .update(bundles)
    .set({ ...set, version: sql`${bundles.version} + 1`, updatedAt: new Date() })
    .where(eq(bundles.id, bundleId))
    .returning({ version: bundles.version });
  return { version: row!.version };
}

export type Saved = { version: number };

export async function updateBundleSettings(db: Db, user: CurrentUser | null, input: UpdateBundleInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = updateBundleSchema.parse(input);
  return db.transaction(async (tx) => {
    await lockDraft(tx, user, data.bundleId, data.version);
    await assertTheme(tx, data.settings.themeTagId);
    const saved = await touch(tx, data.bundleId, settingsColumns(data.settings));
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.updated', recordType: 'bundle', recordId: data.bundleId });
    return saved;
  });
}

// ---------------------------------------------------------------------------------------------
// Text prefilled from the case: the reviewers did the reading, the organizer edits.

/** "7 years 6 months", "a fine of 500 000 ₸", the property lost — in the bundle's language. */
export function sentenceText(row: Pick<Case, 'sentenceMonths' | 'fineKzt' | 'propertyLoss'>, locale: Locale): string {
  const t = translatorFor(locale);
  const parts: string[] = [];
  if (row.sentenceMonths) parts.push(t('bundles.text.term', { years: Math.floor(row.sentenceMonths / 12), months: row.sentenceMonths % 12 }));
  if (row.fineKzt) parts.push(t('bundles.text.fine', { amount: new Intl.NumberFormat(locale === 'en' ? 'en' : 'ru').format(row.fineKzt) }));
  if (row.propertyLoss) parts.push(row.propertyLoss);
  return parts.join('; ');
}

/** A date of the case in the petition's language: "19 June 2018", "19 июня 2018 г.". */
export function petitionDate(isoDate: string | null, locale: Locale): string {
  if (!isoDate) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** The person the case is about: the convicted person, or the applicant filing for themselves. */
const personOf = (row: Pick<Case, 'convictedPersonName'>, applicantName: string) => row.convictedPersonName ?? applicantName;

/** A first summary for the petition, from the facts and the reviewers' rationale. */
export function defaultSummary(row: Case, applicantName: string, rationale: string | null, locale: Locale): string {
  const t = translatorFor(locale);
  const facts = t('bundles.text.summary', {
    person: personOf(row, applicantName),
    court: row.courtName ?? '',
    caseNumber: row.caseNumber ?? '',
    date: petitionDate(row.judgmentDate, locale),
    articles: row.articles.join(', ') || '—',
    sentence: sentenceText(row, locale) || '—',
    grounds: row.grounds.map((g) => groundName(g, locale)).join(', '),
  });
  return rationale ? `${facts}\n\n${rationale}` : facts;
}

/** The addressee's title in the bundle's language. */
export function addresseeText(bundle: Pick<Bundle, 'addressee' | 'addresseeRegionCode'>, locale: Locale): string {
  const t = translatorFor(locale);
  return bundle.addressee === 'regional_prosecutor'
    ? t('bundles.text.regionalProsecutor', { region: regionName(bundle.addresseeRegionCode, locale) })
    : t('bundles.text.prosecutorGeneral');
}

/** The cover letter from the template of the bundle's language, placeholders filled. */
export function coverLetterFromTemplate(bundle: Pick<Bundle, 'addressee' | 'addresseeRegionCode' | 'language'>, caseGrounds: string[][], date: Date): string {
  const locale = bundle.language;
  const t = translatorFor(locale);
  const grounds = [...new Set(caseGrounds.flat())].map((g) => groundName(g, locale));
  return t('bundles.coverTemplate', {
    addressee: addresseeText(bundle, locale),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(date),
    count: caseGrounds.length,
    grounds: grounds.join(', ') || '—',
  });
}

// ---------------------------------------------------------------------------------------------
// Choosing cases.

export type CandidateRow = {
  id: string;
  reference: string | null;
  regionCode: string | null;
  kind: string | null;
  courtName: string | null;
  grounds: string[];
  strengthScore: number | null;
};

const candidateColumns = {
  id: cases.id,
  reference: cases.reference,
  regionCode: cases.regionCode,
  kind: cases.kind,
  courtName: cases.courtName,
  grounds: cases.grounds,
  strengthScore: cases.strengthScore,
};

/** Accepted cases in no bundle: the only ones a bundle may take. */
const available = () =>
  and(eq(cases.status, 'accepted'), sql`not exists (select 1 from ${bundleCases} where ${bundleCases.caseId} = ${cases.id})`);

/** Accepted cases not in any bundle, filtered, strongest first. */
export async function listCandidateCases(user: CurrentUser | null, filter: CandidateFilter, db: Db = getDb()): Promise<Page<CandidateRow>> {
  assertCan(user, 'bundle.manage');
  const conditions: (SQL | undefined)[] = [available()];
  if (filter.region) conditions.push(eq(cases.regionCode, filter.region));
  if (filter.kind) conditions.push(eq(cases.kind, filter.kind));
  if (filter.ground) conditions.push(sql`${cases.grounds} @> array[${filter.ground}]::ground[]`);
  if (filter.minScore !== undefined) conditions.push(gte(cases.strengthScore, filter.minScore));
  if (filter.tag)
    conditions.push(
      sql`exists (select 1 from ${caseTags} join ${tags} on ${tags.id} = ${caseTags.tagId} where ${caseTags.caseId} = ${cases.id} and ${tags.slug} = ${filter.tag})`,
    );
  const rows = await db
    .select({ ...candidateColumns, total: sql<number>`count(*) over ()::int` })
    .from(cases)
    .where(and(...conditions))
    .orderBy(sql`${cases.strengthScore} desc nulls last`, asc(cases.id))
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, filter.page);
}

/** The highest-scoring available cases of the bundle's theme. */
export async function suggestCases(user: CurrentUser | null, bundle: Pick<Bundle, 'themeTagId'>, db: Db = getDb(), limit = 5): Promise<CandidateRow[]> {
  assertCan(user, 'bundle.manage');
  if (!bundle.themeTagId) return [];
  return db
    .select(candidateColumns)
    .from(cases)
    .innerJoin(caseTags, and(eq(caseTags.caseId, cases.id), eq(caseTags.tagId, bundle.themeTagId)))
    .where(available())
    .orderBy(sql`${cases.strengthScore} desc nulls last`, asc(cases.id))
    .limit(limit);
}

/** The latest submitted assessment's rationale, for the prefilled summary. */
async function rationaleOf(tx: Tx | Db, caseId: string): Promise<string | null> {
  const [row] = await tx
    .select({ rationale: assessments.rationale })
    .from(assessments)
    .where(and(eq(assessments.caseId, caseId), eq(assessments.status, 'submitted')))
    .orderBy(desc(assessments.submittedAt))
    .limit(1);
  return row?.rationale ?? null;
}

/** Adds an accepted case at the end, with a summary prefilled in the bundle's language. */
export async function addCaseToBundle(db: Db, user: CurrentUser | null, input: BundleCaseInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = bundleCaseSchema.parse(input);
  return db.transaction(async (tx) => {
    const bundle = await lockDraft(tx, user, data.bundleId, data.version);
    const [row] = await tx.select().from(cases).where(eq(cases.id, data.caseId)).for('update');
    if (!row || row.status === 'draft') throw new AppError('NOT_FOUND');
    if (row.status !== 'accepted') throw new AppError('CONFLICT', 'bundles.notAccepted');
    const [taken] = await tx.select({ bundleId: bundleCases.bundleId }).from(bundleCases).where(eq(bundleCases.caseId, row.id));
    if (taken) throw new AppError('CONFLICT', taken.bundleId === bundle.id ? 'bundles.alreadyHere' : 'bundles.inAnotherBundle');
    const [applicant] = await tx.select({ name: users.name }).from(users).where(eq(users.id, row.applicantId));
    const [last] = await tx.select({ max: sql<number | null>`max(${bundleCases.position})` }).from(bundleCases).where(eq(bundleCases.bundleId, bundle.id));
    await tx.insert(bundleCases).values({
      bundleId: bundle.id,
      caseId: row.id,
      position: (last?.max ?? 0) + 1,
      summary: defaultSummary(row, applicant!.name, await rationaleOf(tx, row.id), bundle.language),
    });
    const saved = await touch(tx, bundle.id);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.case_added', recordType: 'bundle', recordId: bundle.id, data: { caseId: row.id } });
    return saved;
  });
}

export async function removeCaseFromBundle(db: Db, user: CurrentUser | null, input: BundleCaseInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = bundleCaseSchema.parse(input);
  return db.transaction(async (tx) => {
    await lockDraft(tx, user, data.bundleId, data.version);
    const removed = await tx
      .delete(bundleCases)
      .where(and(eq(bundleCases.bundleId, data.bundleId), eq(bundleCases.caseId, data.caseId)))
      .returning({ caseId: bundleCases.caseId });
    if (!removed.length) throw new AppError('NOT_FOUND');
    const saved = await touch(tx, data.bundleId);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.case_removed', recordType: 'bundle', recordId: data.bundleId, data: { caseId: data.caseId } });
    return saved;
  });
}

/** Swaps a case with its neighbour: the keyboard-operable way to reorder. */
export async function moveBundleCase(db: Db, user: CurrentUser | null, input: MoveBundleCaseInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = moveBundleCaseSchema.parse(input);
  return db.transaction(async (tx) => {
    await lockDraft(tx, user, data.bundleId, data.version);
    const ordered = await tx.select().from(bundleCases).where(eq(bundleCases.bundleId, data.bundleId)).orderBy(asc(bundleCases.position));
    const i = ordered.findIndex((c) => c.caseId === data.caseId);
    if (i < 0) throw new AppError('NOT_FOUND');
    const j = data.direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= ordered.length) return { version: data.version };
    const [a, b] = [ordered[i]!, ordered[j]!];
    await tx.update(bundleCases).set({ position: b.position }).where(and(eq(bundleCases.bundleId, data.bundleId), eq(bundleCases.caseId, a.caseId)));
    await tx.update(bundleCases).set({ position: a.position }).where(and(eq(bundleCases.bundleId, data.bundleId), eq(bundleCases.caseId, b.caseId)));
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.case_moved', recordType: 'bundle', recordId: data.bundleId, data: { caseId: data.caseId, direction: data.direction } });
    return touch(tx, data.bundleId);
  });
}

export async function updateCaseSummary(db: Db, user: CurrentUser | null, input: BundleSummaryInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = bundleSummarySchema.parse(input);
  return db.transaction(async (tx) => {
    await lockDraft(tx, user, data.bundleId, data.version);
    const updated = await tx
      .update(bundleCases)
      .set({ summary: data.summary })
      .where(and(eq(bundleCases.bundleId, data.bundleId), eq(bundleCases.caseId, data.caseId)))
      .returning({ caseId: bundleCases.caseId });
    if (!updated.length) throw new AppError('NOT_FOUND');
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.summary_edited', recordType: 'bundle', recordId: data.bundleId, data: { caseId: data.caseId } });
    return touch(tx, data.bundleId);
  });
}

export async function updateCoverLetter(db: Db, user: CurrentUser | null, input: CoverLetterInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'bundle.manage');
  const data = coverLetterSchema.parse(input);
  return db.transaction(async (tx) => {
    await lockDraft(tx, user, data.bundleId, data.version);
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.cover_letter_edited', recordType: 'bundle', recordId: data.bundleId });
    return touch(tx, data.bundleId, { coverLetter: data.coverLetter });
  });
}

// ---------------------------------------------------------------------------------------------
// Loading, completeness, finalizing.

export type BundleCaseView = {
  caseId: string;
  position: number;
  summary: string;
  outcome: 'protest_brought' | 'protest_refused' | null;
  outcomeNote: string | null;
  row: Case;
  applicantName: string;
  documents: { id: string; kind: string; originalName: string; contentType: string; sizeBytes: number; sha256: string }[];
};

/** One case as the petition states it: the facts in the bundle's language, at its place. */
export function snapshotCase(c: BundleCaseView, position: number, locale: Locale): BundleSnapshot['cases'][number] {
  return {
    caseId: c.caseId,
    reference: c.row.reference ?? '',
    position,
    summary: c.summary,
    personName: personOf(c.row, c.applicantName),
    courtName: c.row.courtName ?? '',
    caseNumber: c.row.caseNumber ?? '',
    judgmentDate: c.row.judgmentDate,
    articles: c.row.articles,
    sentence: sentenceText(c.row, locale),
    grounds: c.row.grounds,
    regionCode: c.row.regionCode,
    kind: c.row.kind,
  };
}

export type Gap = { caseId: string | null; reference: string | null; key: 'noCases' | 'noCoverLetter' | 'noJudgment' | 'noSummary' | 'noConsent' | 'notAccepted' };

export type BundleView = { bundle: Bundle; cases: BundleCaseView[]; gaps: Gap[] };

export async function loadBundle(user: CurrentUser | null, bundleId: string, db: Db | Tx = getDb()): Promise<BundleView> {
  assertCan(user, 'bundle.manage');
  if (!isUuid(bundleId)) throw new AppError('NOT_FOUND');
  const [bundle] = await db.select().from(bundles).where(eq(bundles.id, bundleId));
  if (!bundle) throw new AppError('NOT_FOUND');
  const members = await db
    .select({ member: bundleCases, row: cases, applicantName: users.name })
    .from(bundleCases)
    .innerJoin(cases, eq(cases.id, bundleCases.caseId))
    .innerJoin(users, eq(users.id, cases.applicantId))
    .where(eq(bundleCases.bundleId, bundleId))
    .orderBy(asc(bundleCases.position));
  const ids = members.map((m) => m.row.id);
  const docs = ids.length
    ? await db
        .select({ id: documents.id, caseId: documents.caseId, kind: documents.kind, originalName: documents.originalName, contentType: documents.contentType, sizeBytes: documents.sizeBytes, sha256: documents.sha256 })
        .from(documents)
        .where(inArray(documents.caseId, ids))
        .orderBy(asc(documents.createdAt), asc(documents.id))
    : [];
  const view: BundleCaseView[] = members.map((m) => ({
    caseId: m.row.id,
    position: m.member.position,
    summary: m.member.summary,
    outcome: m.member.outcome,
    outcomeNote: m.member.outcomeNote,
    row: m.row,
    applicantName: m.applicantName,
    documents: docs.filter((d) => d.caseId === m.row.id),
  }));
  return { bundle, cases: view, gaps: gapsOf(bundle, view) };
}

/** What stops a bundle from being finalized, each gap pointing at its case. */
export function gapsOf(bundle: Pick<Bundle, 'coverLetter' | 'status'>, members: BundleCaseView[]): Gap[] {
  const gaps: Gap[] = [];
  if (members.length === 0) gaps.push({ caseId: null, reference: null, key: 'noCases' });
  if (bundle.coverLetter.trim().length < 50) gaps.push({ caseId: null, reference: null, key: 'noCoverLetter' });
  for (const m of members) {
    const gap = (key: Gap['key']) => gaps.push({ caseId: m.caseId, reference: m.row.reference, key });
    if (bundle.status === 'draft' && m.row.status !== 'accepted') gap('notAccepted');
    if (!m.documents.some((d) => d.kind === 'judgment')) gap('noJudgment');
    if (m.summary.trim().length < 20) gap('noSummary');
    if (!m.row.consentShareWithProsecutors) gap('noConsent');
  }
  return gaps;
}

/** `cases/<reference>/<kind>-<n>.<ext>`, numbered per kind within the case. */
export function documentPaths(reference: string, docs: { id: string; kind: string; contentType: string }[]): Map<string, string> {
  const counts = new Map<string, number>();
  const paths = new Map<string, string>();
  for (const d of docs) {
    const n = (counts.get(d.kind) ?? 0) + 1;
    counts.set(d.kind, n);
    const ext = isAcceptedType(d.contentType) ? EXTENSION_OF_TYPE[d.contentType] : 'bin';
    paths.set(d.id, `cases/${reference}/${d.kind}-${n}.${ext}`);
  }
  return paths;
}

export type ManifestEntry = { path: string; size: number; sha256: string; caseReference: string; kind: string };

/** The manifest's canonical text, whose SHA-256 identifies the bundle's content. */
export function canonicalManifest(entries: ManifestEntry[]): string {
  return JSON.stringify(entries.map((e) => [e.path, e.size, e.sha256, e.caseReference, e.kind]));
}

/**
 * Freezes the bundle: checks it is complete, snapshots its text, order and the exact document
 * versions, records the manifest's SHA-256 and moves every case to `bundled`. Nothing in it can
 * change afterwards. Each applicant is told, in their contact language.
 */
export async function finalizeBundle(db: Db, user: CurrentUser | null, input: FinalizeBundleInput, ctx: RequestContext = {}): Promise<{ manifestSha256: string; version: number }> {
  assertCan(user, 'bundle.manage');
  const data = finalizeBundleSchema.parse(input);
  return db.transaction(async (tx) => {
    const bundle = await lockDraft(tx, user, data.bundleId, data.version);
    // Lock the cases before reading them: a withdrawal committed meanwhile is seen (a gap), never overwritten.
    const memberIds = (await tx.select({ caseId: bundleCases.caseId }).from(bundleCases).where(eq(bundleCases.bundleId, bundle.id))).map((m) => m.caseId);
    if (memberIds.length) await tx.select({ id: cases.id }).from(cases).where(inArray(cases.id, memberIds)).for('update');
    const view = await loadBundle(user, bundle.id, tx);
    if (view.gaps.length) throw new AppError('CONFLICT', 'bundles.incomplete');
    const now = new Date();
    const locale = bundle.language;
    const snapshot: BundleSnapshot = {
      title: bundle.title,
      addressee: bundle.addressee,
      addresseeRegionCode: bundle.addresseeRegionCode,
      language: locale,
      coverLetter: bundle.coverLetter,
      finalizedAt: now.toISOString(),
      cases: view.cases.map((c, i) => snapshotCase(c, i + 1, locale)),
    };
    const entries: ManifestEntry[] = [];
    let position = 0;
    for (const c of view.cases) {
      const paths = documentPaths(c.row.reference!, c.documents);
      for (const d of c.documents) {
        const path = paths.get(d.id)!;
        entries.push({ path, size: d.sizeBytes, sha256: d.sha256, caseReference: c.row.reference!, kind: d.kind });
        await tx.insert(bundleDocuments).values({
          bundleId: bundle.id,
          documentId: d.id,
          caseId: c.caseId,
          path,
          kind: d.kind as typeof bundleDocuments.$inferInsert.kind,
          contentType: d.contentType,
          sizeBytes: d.sizeBytes,
          sha256: d.sha256,
          position: ++position,
        });
      }
    }
    const manifestSha256 = crypto.createHash('sha256').update(canonicalManifest(entries)).digest('hex');
    await tx
      .update(bundles)
      .set({ status: 'finalized', snapshot, manifestSha256, finalizedAt: now, finalizedById: user.id, version: sql`${bundles.version} + 1`, updatedAt: now })
      .where(eq(bundles.id, bundle.id));

    const rule = findTransition('accepted', 'bundled');
    if (!rule?.by.includes(user.role)) throw new AppError('FORBIDDEN');
    for (const c of view.cases) {
      await tx.update(cases).set({ status: 'bundled', version: sql`${cases.version} + 1`, updatedAt: now }).where(eq(cases.id, c.caseId));
      await tx.insert(caseEvents).values({ caseId: c.caseId, actorId: user.id, type: 'status_changed', fromStatus: 'accepted', toStatus: 'bundled', data: { bundleId: bundle.id }, createdAt: now });
      await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.status_changed', recordType: 'case', recordId: c.caseId, data: { from: 'accepted', to: 'bundled', bundleId: bundle.id } });
      const [account] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, c.row.applicantId));
      const to = c.row.contactLocale;
      await enqueueMail(tx, caseStatusMail(to, account!.email, account!.name, c.row.reference!, 'bundled', `${appUrl()}/${to}/my/cases/${c.caseId}`));
    }
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'bundle.finalized', recordType: 'bundle', recordId: bundle.id, data: { cases: view.cases.length, manifestSha256 } });
    return { manifestSha256, version: bundle.version + 1 };
  });
}

/** The frozen documents of a finalized bundle, in order. */
export async function listBundleDocuments(user: CurrentUser | null, bundleId: string, db: Db = getDb()) {
  assertCan(user, 'bundle.manage');
  return db.select().from(bundleDocuments).where(eq(bundleDocuments.bundleId, bundleId)).orderBy(asc(bundleDocuments.position));
}

/** Tags for the theme choice. */
export async function listThemes(user: CurrentUser | null, db: Db = getDb()) {
  assertCan(user, 'bundle.manage');
  return db.select({ id: tags.id, slug: tags.slug, kk: tags.nameKk, ru: tags.nameRu, en: tags.nameEn }).from(tags).orderBy(asc(tags.slug));
}
