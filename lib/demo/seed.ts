import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  assessments,
  assignments,
  caseEvents,
  caseTags,
  cases,
  documents,
  messages,
  petitions,
  signatures,
  tags,
  users,
  type CaseStatus,
  type Role,
} from '@/db/schema';
import { hashPassword } from '@/lib/auth/passwords';
import { encryptTotpSecret, newTotpSecret } from '@/lib/auth/totp';
import { nextCaseReference } from '@/lib/cases/reference-number';
import { reviewFieldsOf } from '@/lib/cases/intake';
import { pathTo } from '@/lib/cases/status';
import { getStorage } from '@/lib/storage';
import { flushCounts } from '@/lib/petitions/counter';
import { demoApplicants, demoCases, demoPetitions, demoTags, type DemoCase } from './fixtures';
import { renderSimplePdf } from './pdf';

/** `totpSecret`: staff come enrolled in two-factor sign-in; the demo shows their current codes. */
export type DemoAccount = { role: Role; email: string; password: string; name: string; totpSecret?: string };

const staff: { key: string; role: Role; email: string; name: string; locale: 'kk' | 'ru' | 'en' }[] = [
  { key: 'reviewer', role: 'reviewer', email: 'reviewer@demo.redress.kz', name: 'Дамир Оспанов', locale: 'ru' },
  { key: 'reviewer2', role: 'reviewer', email: 'reviewer2@demo.redress.kz', name: 'Жанар Төлеуова', locale: 'kk' },
  { key: 'organizer', role: 'organizer', email: 'organizer@demo.redress.kz', name: 'Ольга Ремизова', locale: 'ru' },
  { key: 'admin', role: 'admin', email: 'admin@demo.redress.kz', name: 'Admin Demo', locale: 'en' },
];

const DAY = 86_400_000;

function password(): string {
  // 15 characters from a 56-symbol alphabet without look-alikes: about 87 bits.
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(15), (b) => alphabet[b % alphabet.length]).join('');
}

/** True when the database already holds users (the seed then does nothing). */
export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) > 0;
}

/**
 * Fills an empty database with demo accounts (one per role, two reviewers) and clearly
 * fictional cases in every status, with small generated PDF documents. Returns the logins.
 */
export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<DemoAccount[]> {
  const now = options.now ?? new Date();
  const accounts: DemoAccount[] = [];
  const userIds = new Map<string, string>();

  const people = [
    ...demoApplicants.map((a) => ({ ...a, role: 'applicant' as Role })),
    ...staff,
  ];
  for (const person of people) {
    const pw = password();
    // Staff must have two-factor sign-in (lib/authz): theirs is on from the start.
    const totpSecret = person.role === 'applicant' ? undefined : newTotpSecret();
    const [row] = await db
      .insert(users)
      .values({
        email: person.email,
        name: person.name,
        role: person.role,
        locale: person.locale,
        passwordHash: await hashPassword(pw),
        emailVerifiedAt: now,
        ...(totpSecret && { totpSecret: encryptTotpSecret(totpSecret), totpEnabledAt: now }),
      })
      .returning({ id: users.id });
    userIds.set(person.key, row!.id);
    if (person.role !== 'applicant' || person.key === 'main') {
      accounts.push({ role: person.role, email: person.email, password: pw, name: person.name, ...(totpSecret && { totpSecret }) });
    }
  }

  const tagIds = new Map<string, string>();
  for (const tag of demoTags) {
    const [row] = await db
      .insert(tags)
      .values({ slug: tag.slug, nameKk: tag.names.kk, nameRu: tag.names.ru, nameEn: tag.names.en })
      .returning({ id: tags.id });
    tagIds.set(tag.slug, row!.id);
  }

  const reviewerId = userIds.get('reviewer')!;
  const secondReviewerId = userIds.get('reviewer2')!;
  const organizerId = userIds.get('organizer')!;

  // Oldest first, so references run in submission order.
  const ordered = [...demoCases].sort((a, b) => b.submittedDaysAgo - a.submittedDaysAgo);
  for (const demo of ordered) {
    await seedCase(db, demo, {
      now,
      applicantId: userIds.get(demo.applicantKey) ?? userIds.get('main')!,
      applicantName: people.find((p) => p.key === (userIds.has(demo.applicantKey) ? demo.applicantKey : 'main'))!.name,
      reviewerId,
      secondReviewerId,
      organizerId,
      tagIds,
    });
  }
  await seedPetitions(db, now, organizerId);
  return accounts;
}

/** The demo petitions, created by the organizer, with their signatures (one left unconfirmed). */
async function seedPetitions(db: Db, now: Date, organizerId: string): Promise<void> {
  const daysFromNow = (days: number) => new Date(now.getTime() + days * DAY);
  for (const demo of demoPetitions) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(petitions)
        .values({
          slug: demo.slug,
          status: demo.status,
          titleKk: demo.titles.kk,
          titleRu: demo.titles.ru,
          titleEn: demo.titles.en,
          bodyKk: demo.bodies.kk,
          bodyRu: demo.bodies.ru,
          bodyEn: demo.bodies.en,
          addressee: demo.addressee,
          signatureGoal: demo.signatureGoal,
          opensAt: daysFromNow(-demo.opensDaysAgo),
          closesAt: daysFromNow(demo.closesInDays),
          createdById: organizerId,
          createdAt: daysFromNow(-demo.opensDaysAgo - 7),
          updatedAt: daysFromNow(Math.min(0, demo.closesInDays)),
        })
        .returning({ id: petitions.id });
      await tx.insert(signatures).values(
        demo.signatures.map((s) => ({
          petitionId: row!.id,
          name: s.name,
          email: s.email,
          regionCode: s.regionCode,
          isPublic: s.isPublic,
          // Confirmed minutes after signing, when the link in the e-mail was followed.
          confirmedAt: s.isConfirmed ? daysFromNow(-s.daysAgo + 0.01) : null,
          createdAt: daysFromNow(-s.daysAgo),
        })),
      );
      await flushCounts(tx);
    });
  }
}

type SeedContext = {
  now: Date;
  applicantId: string;
  applicantName: string;
  reviewerId: string;
  secondReviewerId: string;
  organizerId: string;
  tagIds: Map<string, string>;
};

function actorFor(to: CaseStatus, ctx: SeedContext): string {
  if (to === 'submitted' || to === 'withdrawn') return ctx.applicantId;
  if (to === 'accepted') return ctx.secondReviewerId;
  if (to === 'bundled' || to === 'filed' || to === 'protest_brought' || to === 'protest_refused') return ctx.organizerId;
  return ctx.reviewerId;
}

async function seedCase(db: Db, demo: DemoCase, ctx: SeedContext): Promise<void> {
  const isDraft = demo.status === 'draft';
  const submittedAt = new Date(ctx.now.getTime() - demo.submittedDaysAgo * DAY);
  const route = pathTo(demo.status);
  // Transitions spread over the time since submission.
  const step = (demo.submittedDaysAgo * DAY) / Math.max(route.length, 2);
  const at = (i: number) => new Date(submittedAt.getTime() + i * step);
  const lastChange = isDraft ? new Date(ctx.now.getTime() - 2 * DAY) : at(route.length - 2);

  await db.transaction(async (tx) => {
    const reference = isDraft ? null : await nextCaseReference(tx, submittedAt.getFullYear());
    const [row] = await tx
      .insert(cases)
      .values({
        reference,
        applicantId: ctx.applicantId,
        status: demo.status,
        filingFor: demo.filingFor,
        relationship: demo.relationship,
        convictedPersonName: demo.convictedPersonName,
        contactPhone: demo.contactPhone,
        contactLocale: demo.language,
        kind: demo.kind,
        regionCode: demo.regionCode,
        courtName: demo.courtName,
        caseNumber: demo.caseNumber,
        judgmentDate: demo.judgmentDate,
        judgeName: demo.judgeName,
        articles: demo.articles,
        sentenceMonths: demo.sentenceMonths,
        fineKzt: demo.fineKzt,
        propertyLoss: demo.propertyLoss,
        currentSituation: demo.currentSituation,
        appellateCourt: demo.appellateCourt,
        appellateDate: demo.appellateDate,
        appellateOutcome: demo.appellateOutcome,
        cassationFiled: demo.cassationFiled,
        cassationDate: demo.cassationDate,
        cassationOutcome: demo.cassationOutcome,
        prosecutorRequests: demo.prosecutorRequests,
        grounds: demo.grounds,
        narrative: demo.narrative,
        requestedRemedy: demo.requestedRemedy,
        consentShareWithProsecutors: demo.consentShareWithProsecutors,
        publicNaming: demo.publicNaming,
        intakeStep: isDraft ? 2 : 6,
        strengthScore: demo.score ?? null,
        ...(reference ? reviewFieldsOf(demo, reference, ctx.applicantName) : {}),
        // needs_info cases wait for the applicant: in the demo the first reviewer holds them all.
        assigneeId: route.includes('in_review') ? ctx.reviewerId : null,
        recommendedById: route.includes('recommended') ? ctx.reviewerId : null,
        submittedAt: isDraft ? null : submittedAt,
        waitingSince: isDraft ? null : lastChange,
        createdAt: isDraft ? lastChange : new Date(submittedAt.getTime() - DAY),
        updatedAt: lastChange,
      })
      .returning({ id: cases.id });
    const caseId = row!.id;

    for (let i = 1; i < route.length; i++) {
      const to = route[i]!;
      await tx.insert(caseEvents).values({
        caseId,
        actorId: actorFor(to, ctx),
        type: 'status_changed',
        fromStatus: route[i - 1]!,
        toStatus: to,
        data: to === 'declined' && demo.declineReason ? { reason: demo.declineReason } : {},
        createdAt: at(i - 1),
      });
    }

    if (route.includes('in_review')) {
      await tx.insert(assignments).values({
        caseId,
        reviewerId: ctx.reviewerId,
        role: 'primary',
        hasNoConflict: true,
        createdAt: at(1),
      });
    }
    if (demo.score !== undefined && (route.includes('recommended') || route.includes('declined'))) {
      await tx.insert(assessments).values({
        caseId,
        reviewerId: ctx.reviewerId,
        status: 'submitted',
        strengthScore: demo.score,
        recommendation: route.includes('declined') ? 'decline' : 'accept',
        rationale: demo.declineReason ?? null,
        submittedAt: at(2),
        createdAt: at(1),
        updatedAt: at(2),
      });
    }
    if (route.includes('accepted')) {
      await tx.insert(assignments).values({
        caseId,
        reviewerId: ctx.secondReviewerId,
        role: 'second',
        hasNoConflict: true,
        createdAt: at(3),
      });
    }

    for (const slug of demo.tags) {
      const tagId = ctx.tagIds.get(slug);
      if (tagId) await tx.insert(caseTags).values({ caseId, tagId }).onConflictDoNothing();
    }

    for (const message of demo.messages) {
      await tx.insert(messages).values({
        caseId,
        authorId: message.from === 'applicant' ? ctx.applicantId : ctx.reviewerId,
        body: message.body,
        createdAt: new Date(ctx.now.getTime() - message.daysAgo * DAY),
      });
    }

    for (const doc of demo.documents) {
      const bytes = await renderSimplePdf(doc.title, doc.lines, 'Redress — демо / demo: вымышленный документ / fictional document');
      const stored = await getStorage().put(Readable.from([Buffer.from(bytes)]));
      await tx.insert(documents).values({
        caseId,
        kind: doc.kind,
        originalName: doc.fileName,
        contentType: 'application/pdf',
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        storageKey: stored.key,
        uploaderId: ctx.applicantId,
        createdAt: isDraft ? lastChange : new Date(submittedAt.getTime() - DAY),
      });
    }
  });
}
