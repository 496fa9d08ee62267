import 'server-only';
import { makeZip } from 'client-zip';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { caseEvents, cases, documents, messages, petitions, signatures, userSessions, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { isAcceptedType, servedFileName } from '@/lib/documents/limits';
import { AppError } from '@/lib/errors';
import { hitLimits } from '@/lib/limits';
import { getStorage } from '@/lib/storage';
import { signatureEmailHash } from './signatures';
import { verifiedStream } from '@/lib/documents/verified-stream';

/*
 * "Download my data": everything the portal holds about the signed-in user, as a ZIP streamed to
 * them. data.json (the account without its secrets, every case with its facts, the events and
 * messages the applicant sees, consents, documents' details, petition signatures) and the
 * decrypted documents under documents/<case reference>/. The ZIP is pulled by the response: each
 * document is opened only when the reader reaches it, and never held whole in memory.
 */

/** Exports per user and hour: each one decrypts and sends every document again. */
export const EXPORTS_PER_HOUR = 5;

export class ExportRateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'privacy.export.rateLimited');
  }
}

export type DataExport = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

type Ctx = { ip?: string | null; db?: Db; now?: Date };

/**
 * A case as data.json gives it: every fact the applicant entered or was told, with its status and
 * dates. Left out are the staff-side columns the applicant is never shown (who holds it, who
 * recommended it, the reviewers' score, search helpers, row versions): the reviewers' work, not
 * the applicant's data.
 */
function applicantFacts(c: typeof cases.$inferSelect) {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    filingFor: c.filingFor,
    relationship: c.relationship,
    convictedPersonName: c.convictedPersonName,
    contactPhone: c.contactPhone,
    contactLocale: c.contactLocale,
    kind: c.kind,
    regionCode: c.regionCode,
    courtName: c.courtName,
    caseNumber: c.caseNumber,
    judgmentDate: c.judgmentDate,
    judgeName: c.judgeName,
    articles: c.articles,
    sentenceMonths: c.sentenceMonths,
    fineKzt: c.fineKzt,
    propertyLoss: c.propertyLoss,
    currentSituation: c.currentSituation,
    appellateCourt: c.appellateCourt,
    appellateDate: c.appellateDate,
    appellateOutcome: c.appellateOutcome,
    cassationFiled: c.cassationFiled,
    cassationDate: c.cassationDate,
    cassationOutcome: c.cassationOutcome,
    prosecutorRequests: c.prosecutorRequests,
    grounds: c.grounds,
    narrative: c.narrative,
    requestedRemedy: c.requestedRemedy,
    consentShareWithProsecutors: c.consentShareWithProsecutors,
    publicNaming: c.publicNaming,
    submittedAt: c.submittedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** A file name safe inside a ZIP on every system: no folders, no control characters, not too long. */
function safeName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const limited = cleaned.length > 120 ? `${cleaned.slice(0, 60)}…${cleaned.slice(-59)}` : cleaned;
  return limited || 'document';
}

/** The folder of a case's documents: its reference, or "draft-<first 8 of id>" for a draft. */
const caseFolder = (c: { id: string; reference: string | null }) => (c.reference ? safeName(c.reference) : `draft-${c.id.slice(0, 8)}`);

/**
 * Builds the export of `user`'s data. Audited (`account.exported`, counts only) before the first
 * byte: personal data that has started to leave is disclosed even if the download stops. Limited
 * to EXPORTS_PER_HOUR per user (ExportRateLimitedError says when to retry).
 */
export async function exportMyData(user: CurrentUser | null, ctx: Ctx = {}): Promise<DataExport> {
  assertCan(user, 'account.own');
  const db = ctx.db ?? getDb();
  const now = ctx.now ?? new Date();
  const limited = await hitLimits(db, [{ key: `account-export:user:${user.id}`, limit: EXPORTS_PER_HOUR, windowSeconds: 3600 }], now);
  if (!limited.ok) throw new ExportRateLimitedError(limited.retryAfterSeconds);

  const [account] = await db.select().from(users).where(eq(users.id, user.id));
  if (!account || account.deletedAt) throw new AppError('UNAUTHENTICATED');
  const ownCases = await db.select().from(cases).where(eq(cases.applicantId, user.id)).orderBy(asc(cases.createdAt), asc(cases.id));
  const caseIds = ownCases.map((c) => c.id);
  const [events, thread, docs, sessions, signed] = await Promise.all([
    caseIds.length
      ? db
          .select({ caseId: caseEvents.caseId, type: caseEvents.type, fromStatus: caseEvents.fromStatus, toStatus: caseEvents.toStatus, data: caseEvents.data, createdAt: caseEvents.createdAt })
          .from(caseEvents)
          .where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.isVisibleToApplicant, true)))
          .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id))
      : [],
    caseIds.length
      ? db
          .select({ caseId: messages.caseId, authorId: messages.authorId, body: messages.body, createdAt: messages.createdAt })
          .from(messages)
          .where(inArray(messages.caseId, caseIds))
          .orderBy(asc(messages.createdAt), asc(messages.id))
      : [],
    caseIds.length ? db.select().from(documents).where(inArray(documents.caseId, caseIds)).orderBy(asc(documents.createdAt), asc(documents.id)) : [],
    db
      .select({ createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, endedAt: userSessions.endedAt })
      .from(userSessions)
      .where(eq(userSessions.userId, user.id))
      .orderBy(asc(userSessions.createdAt)),
    // With the account's address, or with its hash once the petition closed: two lookups on the
    // unique (petition, address) and (petition, hash) indexes, one probe per petition.
    Promise.all([signaturesWhere(db, eq(signatures.email, account.email.toLowerCase()), user.locale), signaturesWhere(db, eq(signatures.emailHash, signatureEmailHash(account.email)), user.locale)]).then(
      ([byAddress, byHash]) => [...byAddress, ...byHash].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
    ),
  ]);

  // Documents whose stored file is gone are listed without a file rather than failing the whole export.
  const storage = getStorage();
  const files: { path: string; storageKey: string; sizeBytes: number; sha256: string }[] = [];
  const pathOf = new Map<string, string | null>();
  for (const c of ownCases) {
    let n = 0;
    for (const d of docs.filter((doc) => doc.caseId === c.id)) {
      if (!(await storage.exists(d.storageKey))) {
        pathOf.set(d.id, null);
        continue;
      }
      n += 1;
      const name = isAcceptedType(d.contentType) ? servedFileName(d.originalName, d.contentType) : d.originalName;
      const path = `documents/${caseFolder(c)}/${String(n).padStart(2, '0')}-${safeName(name)}`;
      pathOf.set(d.id, path);
      files.push({ path, storageKey: d.storageKey, sizeBytes: d.sizeBytes, sha256: d.sha256 });
    }
  }

  const data = {
    format: 'redress-personal-data',
    version: 1,
    exportedAt: now.toISOString(),
    account: {
      id: account.id,
      email: account.email,
      name: account.name,
      role: account.role,
      locale: account.locale,
      emailVerifiedAt: account.emailVerifiedAt,
      twoFactorEnabledAt: account.totpEnabledAt,
      disabledAt: account.disabledAt,
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
    },
    sessions,
    cases: ownCases.map((c) => ({
      ...applicantFacts(c),
      events: events.filter((e) => e.caseId === c.id).map((e) => ({ type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, data: e.data, createdAt: e.createdAt })),
      // Reviewers' names are not shown to applicants on their case page; neither here.
      messages: thread.filter((m) => m.caseId === c.id).map((m) => ({ from: m.authorId === user.id ? 'you' : 'reviewer', body: m.body, createdAt: m.createdAt })),
      documents: docs
        .filter((d) => d.caseId === c.id)
        .map((d) => ({
          id: d.id,
          kind: d.kind,
          originalName: d.originalName,
          contentType: d.contentType,
          sizeBytes: d.sizeBytes,
          sha256: d.sha256,
          uploadedAt: d.createdAt,
          uploadedByYou: d.uploaderId === user.id,
          /** Where the file is in this ZIP; null when the stored file could not be found. */
          file: pathOf.get(d.id) ?? null,
        })),
    })),
    consents: ownCases.map((c) => ({ caseId: c.id, caseReference: c.reference, shareWithProsecutors: c.consentShareWithProsecutors, publicNaming: c.publicNaming, updatedAt: c.updatedAt })),
    // Once a petition has closed, only a keyed hash of the address is kept: `email` is null then.
    petitionSignatures: signed,
  };
  const json = Buffer.from(JSON.stringify(data, null, 2), 'utf8');

  await recordAudit(db, {
    actorId: user.id,
    ip: ctx.ip,
    action: 'account.exported',
    recordType: 'user',
    recordId: user.id,
    data: { cases: ownCases.length, documents: files.length },
  });

  async function* entries() {
    yield { name: 'data.json', input: json, lastModified: now };
    // Each document is opened only when the reader reaches it.
    for (const f of files) yield { name: f.path, input: verifiedStream(await storage.get(f.storageKey), f), lastModified: now, size: f.sizeBytes };
  }
  const day = now.toISOString().slice(0, 10);
  return { filename: `redress-my-data-${day}.zip`, contentType: 'application/zip', body: makeZip(entries(), { buffersAreUTF8: true }) };
}

/** A user's signatures matching `where`, with the petition's title in their language. */
function signaturesWhere(db: Db, where: SQL, locale: CurrentUser['locale']) {
  const title = { kk: petitions.titleKk, ru: petitions.titleRu, en: petitions.titleEn }[locale];
  return db
    .select({
      petitionSlug: petitions.slug,
      petitionTitle: sql<string>`coalesce(nullif(${title}, ''), ${petitions.titleRu})`,
      name: signatures.name,
      email: signatures.email,
      regionCode: signatures.regionCode,
      isPublic: signatures.isPublic,
      confirmedAt: signatures.confirmedAt,
      createdAt: signatures.createdAt,
    })
    .from(petitions)
    .innerJoin(signatures, and(eq(signatures.petitionId, petitions.id), where));
}

