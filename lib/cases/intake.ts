import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { caseEvents, cases, documents, users, type Case } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { enqueueMail } from '@/lib/mail/send';
import { caseSubmittedMail } from '@/lib/mail/templates';
import { appUrl } from '@/lib/env';
import {
  intakeSteps,
  NARRATIVE_MAX,
  NARRATIVE_MIN,
  saveStepSchema,
  type IntakeStep,
  type SaveStepInput,
  type StepValues,
} from '@/lib/validation/intake';
import { personKey, searchTextOf } from './names';
import { nextCaseReference } from './reference-number';
import { findTransition } from './status';

type RequestContext = { ip?: string | null };

const blankToNull = (v: string) => (v.trim() === '' ? null : v.trim());
const numberOrNull = (v: string) => (v.trim() === '' ? null : Number(v));

/** The columns a step writes. */
function columnsFor(input: ReturnType<typeof saveStepSchema.parse>): Partial<typeof cases.$inferInsert> {
  switch (input.step) {
    case 'who': {
      const v = input.values;
      return {
        filingFor: v.filingFor,
        relationship: v.filingFor === 'other' ? blankToNull(v.relationship) : null,
        convictedPersonName: blankToNull(v.convictedPersonName),
        contactPhone: blankToNull(v.contactPhone),
        contactLocale: v.contactLocale,
      };
    }
    case 'case': {
      const v = input.values;
      const years = numberOrNull(v.sentenceYears);
      const months = numberOrNull(v.sentenceMonths);
      return {
        kind: v.kind || null,
        regionCode: v.regionCode || null,
        courtName: blankToNull(v.courtName),
        caseNumber: blankToNull(v.caseNumber),
        judgmentDate: v.judgmentDate || null,
        judgeName: blankToNull(v.judgeName),
        articles: v.articles.map((a) => a.value.trim()).filter(Boolean),
        sentenceMonths: years === null && months === null ? null : (years ?? 0) * 12 + (months ?? 0),
        fineKzt: numberOrNull(v.fineKzt),
        propertyLoss: blankToNull(v.propertyLoss),
        currentSituation: v.currentSituation || null,
      };
    }
    case 'appeals': {
      const v = input.values;
      return {
        appellateCourt: blankToNull(v.appellateCourt),
        appellateDate: v.appellateDate || null,
        appellateOutcome: v.appellateOutcome || null,
        cassationFiled: v.cassationFiled === '' ? null : v.cassationFiled === 'yes',
        cassationDate: v.cassationFiled === 'yes' ? v.cassationDate || null : null,
        cassationOutcome: v.cassationFiled === 'yes' ? v.cassationOutcome || null : null,
        prosecutorRequests: v.prosecutorRequests
          .map((r) => ({ date: r.date, answer: r.answer.trim() }))
          .filter((r) => r.date || r.answer),
      };
    }
    case 'grounds': {
      const v = input.values;
      return { grounds: [...new Set(v.grounds)], narrative: v.narrative.trim() || null, requestedRemedy: blankToNull(v.requestedRemedy) };
    }
    case 'consents':
      return { consentShareWithProsecutors: input.values.consentShareWithProsecutors, publicNaming: input.values.publicNaming };
  }
}

/**
 * Saves one wizard step of the applicant's own draft, creating the draft on its first save.
 * The draft id comes from the page, so a repeated save never makes a second case. Only drafts
 * can be edited: after submission the applicant answers through messages.
 */
export async function saveIntakeStep(db: Db, user: CurrentUser | null, input: SaveStepInput): Promise<{ caseId: string }> {
  assertCan(user, 'case.file');
  const data = saveStepSchema.parse(input);
  const columns = columnsFor(data);
  const nextStep = intakeSteps.indexOf(data.step) + 1;
  return db.transaction(async (tx) => {
    if (data.step === 'who') {
      // A concurrent repeat of the first save finds the row taken and updates it below instead.
      const created = await tx
        .insert(cases)
        .values({ id: data.caseId, applicantId: user.id, status: 'draft', ...columns, intakeStep: nextStep })
        .onConflictDoNothing()
        .returning({ id: cases.id });
      if (created.length) return { caseId: data.caseId };
    }
    const [existing] = await tx.select({ applicantId: cases.applicantId, status: cases.status }).from(cases).where(eq(cases.id, data.caseId)).for('update');
    if (!existing) throw new AppError('NOT_FOUND');
    assertCan(user, 'case.file', existing);
    if (existing.status !== 'draft') throw new AppError('CONFLICT', 'intake.alreadySubmitted');
    await tx
      .update(cases)
      .set({ ...columns, intakeStep: sql`greatest(${cases.intakeStep}, ${nextStep})`, updatedAt: new Date() })
      .where(and(eq(cases.id, data.caseId), eq(cases.applicantId, user.id)));
    return { caseId: data.caseId };
  });
}

/** What the review queue searches and relates cases by, fixed at submission (the facts are frozen then). */
export function reviewFieldsOf(row: Pick<Case, 'caseNumber' | 'convictedPersonName' | 'courtName' | 'judgeName'>, reference: string, applicantName: string) {
  const person = row.convictedPersonName ?? applicantName;
  return {
    searchText: searchTextOf([reference, row.caseNumber, row.convictedPersonName, applicantName, row.courtName, row.judgeName]),
    personKey: personKey(person),
  };
}

export type MissingItem = { step: IntakeStep; field: string; messageKey: string };

/** What a draft still lacks before it can be submitted, each with the step where it is fixed. */
export function missingForSubmission(row: Case, documentKinds: string[]): MissingItem[] {
  const missing: MissingItem[] = [];
  const need = (condition: boolean, step: IntakeStep, field: string, messageKey = `intake.missing.${field}`) => {
    if (condition) missing.push({ step, field, messageKey });
  };
  need(!row.contactPhone, 'who', 'contactPhone');
  if (row.filingFor === 'other') {
    need(!row.relationship, 'who', 'relationship');
    need(!row.convictedPersonName, 'who', 'convictedPersonName');
    need(!documentKinds.includes('power_of_attorney'), 'documents', 'powerOfAttorney');
  }
  need(!row.kind, 'case', 'kind');
  need(!row.regionCode, 'case', 'regionCode');
  need(!row.courtName, 'case', 'courtName');
  need(!row.caseNumber, 'case', 'caseNumber');
  need(!row.judgmentDate, 'case', 'judgmentDate');
  need(row.kind !== 'civil' && row.articles.length === 0, 'case', 'articles');
  need(!row.currentSituation, 'case', 'currentSituation');
  need(row.cassationFiled === null, 'appeals', 'cassationFiled');
  need(row.grounds.length === 0, 'grounds', 'grounds');
  const narrativeLength = row.narrative?.length ?? 0;
  need(narrativeLength < NARRATIVE_MIN || narrativeLength > NARRATIVE_MAX, 'grounds', 'narrative');
  need(!row.requestedRemedy, 'grounds', 'requestedRemedy');
  need(!documentKinds.includes('judgment'), 'documents', 'judgment');
  return missing;
}

/**
 * Submits the applicant's draft: checks it is complete, assigns the next reference of the
 * year, records the transition, and mails a confirmation. Submitting an already submitted case
 * returns its reference again, so a double click or a retried request changes nothing.
 */
export async function submitCase(db: Db, user: CurrentUser | null, caseId: string, ctx: RequestContext = {}): Promise<{ reference: string }> {
  assertCan(user, 'case.file');
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    assertCan(user, 'case.file', row);
    if (row.status !== 'draft') {
      if (row.reference) return { reference: row.reference };
      throw new AppError('CONFLICT', 'intake.alreadySubmitted');
    }
    const kinds = (await tx.select({ kind: documents.kind }).from(documents).where(eq(documents.caseId, caseId))).map((d) => d.kind);
    if (missingForSubmission(row, kinds).length > 0) throw new AppError('VALIDATION', 'intake.incomplete');
    if (!findTransition('draft', 'submitted')?.by.includes('owner')) throw new AppError('FORBIDDEN');
    const now = new Date();
    const reference = await nextCaseReference(tx, now.getFullYear());
    await tx
      .update(cases)
      .set({
        status: 'submitted',
        reference,
        submittedAt: now,
        waitingSince: now,
        intakeStep: intakeSteps.length - 1,
        ...reviewFieldsOf(row, reference, user.name),
        updatedAt: now,
      })
      .where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values({ caseId, actorId: user.id, type: 'status_changed', fromStatus: 'draft', toStatus: 'submitted', createdAt: now });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'case.submitted', recordType: 'case', recordId: caseId, data: { reference, from: 'draft', to: 'submitted' } });
    const [account] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, user.id));
    const locale: Locale = row.contactLocale;
    await enqueueMail(tx, caseSubmittedMail(locale, account!.email, account!.name, reference, `${appUrl()}/${locale}/my/cases/${caseId}`));
    return { reference };
  });
  return { reference: result.reference };
}

/** Form values of each step, from the stored draft (or defaults for a new one). */
export function stepValuesOf(row: Case | null, fallbackLocale: Locale): { [S in keyof StepValuesMap]: StepValuesMap[S] } {
  const s = (v: string | null | undefined) => v ?? '';
  const months = row?.sentenceMonths ?? null;
  return {
    who: {
      filingFor: row?.filingFor ?? 'self',
      relationship: s(row?.relationship),
      convictedPersonName: s(row?.convictedPersonName),
      contactPhone: s(row?.contactPhone),
      contactLocale: row?.contactLocale ?? fallbackLocale,
    },
    case: {
      kind: row?.kind ?? '',
      regionCode: row?.regionCode ?? '',
      courtName: s(row?.courtName),
      caseNumber: s(row?.caseNumber),
      judgmentDate: s(row?.judgmentDate),
      judgeName: s(row?.judgeName),
      articles: (row?.articles.length ? row.articles : ['']).map((value) => ({ value })),
      sentenceYears: months === null ? '' : String(Math.floor(months / 12)),
      sentenceMonths: months === null ? '' : String(months % 12),
      fineKzt: row?.fineKzt == null ? '' : String(row.fineKzt),
      propertyLoss: s(row?.propertyLoss),
      currentSituation: row?.currentSituation ?? '',
    },
    appeals: {
      appellateCourt: s(row?.appellateCourt),
      appellateDate: s(row?.appellateDate),
      appellateOutcome: row?.appellateOutcome ?? '',
      cassationFiled: row?.cassationFiled == null ? '' : row.cassationFiled ? 'yes' : 'no',
      cassationDate: s(row?.cassationDate),
      cassationOutcome: row?.cassationOutcome ?? '',
      prosecutorRequests: row?.prosecutorRequests ?? [],
    },
    grounds: { grounds: row?.grounds ?? [], narrative: s(row?.narrative), requestedRemedy: s(row?.requestedRemedy) },
    consents: { consentShareWithProsecutors: row?.consentShareWithProsecutors ?? false, publicNaming: row?.publicNaming ?? 'anonymized' },
  };
}

type StepValuesMap = {
  who: StepValues<'who'>;
  case: StepValues<'case'>;
  appeals: StepValues<'appeals'>;
  grounds: StepValues<'grounds'>;
  consents: StepValues<'consents'>;
};
