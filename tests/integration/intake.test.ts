import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, caseEvents, cases, documents, mailboxMessages } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { missingForSubmission, saveIntakeStep, submitCase } from '@/lib/cases/intake';
import { getStorage } from '@/lib/storage';
import type { SaveStepInput } from '@/lib/validation/intake';
import { createUser } from '../factories/users';
import { deliverMail } from '../support/mail';

let applicant: CurrentUser;
let other: CurrentUser;
let reviewer: CurrentUser;
let staff: CurrentUser[];

beforeAll(async () => {
  [applicant, other, reviewer] = await Promise.all([createUser('applicant'), createUser('applicant'), createUser('reviewer')]);
  staff = [reviewer, await createUser('organizer'), await createUser('admin')];
});

const steps = (caseId: string): SaveStepInput[] => [
  { step: 'who', caseId, values: { filingFor: 'self', relationship: '', convictedPersonName: '', contactPhone: '+7 701 555 00 11', contactLocale: 'kk' } },
  {
    step: 'case',
    caseId,
    values: {
      kind: 'criminal',
      regionCode: 'almaty_city',
      courtName: 'Алматы қаласының Медеу аудандық соты',
      caseNumber: '7511-22-00-1/101',
      judgmentDate: '2022-05-05',
      judgeName: 'Тестов Т.',
      articles: [{ value: 'ҚР ҚК 189-бабы 4-бөлігі' }, { value: ' ' }],
      sentenceYears: '5',
      sentenceMonths: '3',
      fineKzt: '',
      propertyLoss: '',
      currentSituation: 'in_custody',
    },
  },
  {
    step: 'appeals',
    caseId,
    values: { appellateCourt: 'Алматы қалалық соты', appellateDate: '2022-09-01', appellateOutcome: 'upheld', cassationFiled: 'no', cassationDate: '2020-01-01', cassationOutcome: 'upheld', prosecutorRequests: [] },
  },
  { step: 'grounds', caseId, values: { grounds: ['coercion_torture', 'coercion_torture'], narrative: 'Тергеу кезінде мені ұрып, мойындатты. '.repeat(8), requestedRemedy: 'Үкімді қайта қарау' } },
  { step: 'consents', caseId, values: { consentShareWithProsecutors: true, publicNaming: 'anonymized' } },
];

async function addJudgment(caseId: string) {
  const stored = await getStorage().put(Readable.from([Buffer.from('%PDF-1.4 test judgment')]));
  await getDb().insert(documents).values({ caseId, kind: 'judgment', originalName: 'ukim.pdf', contentType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: stored.key, uploaderId: applicant.id });
}

async function completeDraft(user: CurrentUser): Promise<string> {
  const caseId = crypto.randomUUID();
  for (const input of steps(caseId)) await saveIntakeStep(getDb(), user, input);
  await addJudgment(caseId);
  return caseId;
}

describe('saving wizard steps', () => {
  it('creates the draft on the first save, once, however often that save is repeated', async () => {
    const caseId = crypto.randomUUID();
    const first = steps(caseId)[0]!;
    await Promise.all([saveIntakeStep(getDb(), applicant, first), saveIntakeStep(getDb(), applicant, first)]);
    await saveIntakeStep(getDb(), applicant, first);
    const rows = await getDb().select().from(cases).where(eq(cases.id, caseId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'draft', applicantId: applicant.id, contactLocale: 'kk', intakeStep: 1, reference: null });
  });

  it('stores each step, normalizing what was typed, and remembers the furthest step', async () => {
    const caseId = crypto.randomUUID();
    for (const input of steps(caseId)) await saveIntakeStep(getDb(), applicant, input);
    // Going back to the first step does not forget how far the applicant got.
    await saveIntakeStep(getDb(), applicant, steps(caseId)[0]!);
    const [row] = await getDb().select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({
      articles: ['ҚР ҚК 189-бабы 4-бөлігі'],
      sentenceMonths: 63,
      cassationFiled: false,
      cassationDate: null,
      grounds: ['coercion_torture'],
      consentShareWithProsecutors: true,
      intakeStep: 6,
    });
    expect(missingForSubmission(row!, [])).toEqual([{ step: 'documents', field: 'judgment', messageKey: 'intake.missing.judgment' }]);
  });

  it('lists what a fresh draft lacks, each with the step that fixes it', async () => {
    const caseId = crypto.randomUUID();
    await saveIntakeStep(getDb(), applicant, { step: 'who', caseId, values: { filingFor: 'other', relationship: '', convictedPersonName: '', contactPhone: '', contactLocale: 'ru' } });
    const [row] = await getDb().select().from(cases).where(eq(cases.id, caseId));
    const missing = missingForSubmission(row!, []);
    expect(missing.map((m) => m.field)).toEqual(
      expect.arrayContaining(['contactPhone', 'relationship', 'convictedPersonName', 'powerOfAttorney', 'kind', 'courtName', 'grounds', 'narrative', 'judgment']),
    );
    expect(missing.find((m) => m.field === 'powerOfAttorney')?.step).toBe('documents');
  });

  it('refuses another applicant and every staff role, changing nothing', async () => {
    const caseId = crypto.randomUUID();
    await saveIntakeStep(getDb(), applicant, steps(caseId)[0]!);
    const hijack = { ...steps(caseId)[0]!, values: { ...(steps(caseId)[0]!.values as object), contactPhone: '+7 777 000 00 00' } } as SaveStepInput;
    await expect(saveIntakeStep(getDb(), other, hijack)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const member of staff) await expect(saveIntakeStep(getDb(), member, hijack)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(saveIntakeStep(getDb(), null, hijack)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(saveIntakeStep(getDb(), other, steps(crypto.randomUUID())[1]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await getDb().select().from(cases).where(eq(cases.id, caseId));
    expect(row!.contactPhone).toBe('+7 701 555 00 11');
  });
});

describe('submitting', () => {
  it('refuses an incomplete draft and leaves it a draft', async () => {
    const caseId = crypto.randomUUID();
    await saveIntakeStep(getDb(), applicant, steps(caseId)[0]!);
    await expect(submitCase(getDb(), applicant, caseId)).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'intake.incomplete' });
    const [row] = await getDb().select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ status: 'draft', reference: null });
  });

  it('assigns a reference, records the event and audit, mails a confirmation, and is idempotent', async () => {
    const caseId = await completeDraft(applicant);
    const [a, b] = await Promise.all([submitCase(getDb(), applicant, caseId, { ip: '10.3.3.3' }), submitCase(getDb(), applicant, caseId)]);
    expect(a.reference).toMatch(new RegExp(`^RD-${new Date().getFullYear()}-\\d{5}$`));
    expect(b.reference).toBe(a.reference);
    expect((await submitCase(getDb(), applicant, caseId)).reference).toBe(a.reference);

    const [row] = await getDb().select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ status: 'submitted', reference: a.reference });
    expect(row!.submittedAt).toBeInstanceOf(Date);
    const events = await getDb().select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ fromStatus: 'draft', toStatus: 'submitted', actorId: applicant.id });
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.recordId, caseId))).toHaveLength(1);
    await deliverMail();
    const mails = await getDb().select().from(mailboxMessages).where(eq(mailboxMessages.to, applicant.email)).orderBy(desc(mailboxMessages.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.locale).toBe('kk');
    expect(mails[0]!.subject).toContain(a.reference);

    // A submitted case cannot be edited through the wizard any more.
    await expect(saveIntakeStep(getDb(), applicant, steps(caseId)[0]!)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses to submit someone else’s case', async () => {
    const caseId = await completeDraft(applicant);
    await expect(submitCase(getDb(), other, caseId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const member of staff) await expect(submitCase(getDb(), member, caseId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [row] = await getDb().select().from(cases).where(eq(cases.id, caseId));
    expect(row!.status).toBe('draft');
  });

  it('gives 50 parallel submissions 50 distinct, consecutive references', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await completeDraft(applicant));
    const refs = (await Promise.all(ids.map((id) => submitCase(getDb(), applicant, id)))).map((r) => r.reference);
    expect(new Set(refs).size).toBe(50);
    const numbers = refs.map((r) => Number(r.slice(-5))).sort((x, y) => x - y);
    expect(numbers.at(-1)! - numbers[0]!).toBe(49);
  }, 120_000);
});
