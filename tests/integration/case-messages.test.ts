import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { caseEvents, cases, messages, type CaseStatus } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { listCaseMessages, postApplicantMessage, withdrawCase } from '@/lib/cases/messages';
import { createUser } from '../factories/users';

let applicant: CurrentUser;
let other: CurrentUser;
let reviewer: CurrentUser;

beforeAll(async () => {
  [applicant, other, reviewer] = await Promise.all([createUser('applicant'), createUser('applicant'), createUser('reviewer')]);
});

async function caseIn(status: CaseStatus): Promise<string> {
  const [row] = await getDb()
    .insert(cases)
    .values({ applicantId: applicant.id, status, reference: status === 'draft' ? null : `RD-2030-${Math.floor(Math.random() * 1e5).toString().padStart(5, '0')}`, waitingSince: new Date(Date.now() - 10 * 86_400_000) })
    .returning({ id: cases.id });
  return row!.id;
}

const statusOf = async (id: string) => (await getDb().select({ status: cases.status }).from(cases).where(eq(cases.id, id)))[0]!.status;

describe('the applicant’s messages', () => {
  it('answering an information request sends the case back to review and restarts the wait', async () => {
    const id = await caseIn('needs_info');
    await postApplicantMessage(getDb(), applicant, { caseId: id, body: '  Приложил приговор апелляции.  ' }, { ip: '10.0.0.9' });
    const [row] = await getDb().select().from(cases).where(eq(cases.id, id));
    expect(row!.status).toBe('in_review');
    expect(Date.now() - row!.waitingSince!.getTime()).toBeLessThan(60_000);
    const events = await getDb().select().from(caseEvents).where(eq(caseEvents.caseId, id));
    expect(events).toMatchObject([{ fromStatus: 'needs_info', toStatus: 'in_review', actorId: applicant.id }]);
    const thread = await listCaseMessages(applicant, id);
    expect(thread).toMatchObject([{ body: 'Приложил приговор апелляции.', isFromApplicant: true }]);
    // Staff see the thread of a submitted case too.
    await expect(listCaseMessages(reviewer, id)).resolves.toHaveLength(1);
  });

  it('a message on a case under review leaves its status alone', async () => {
    const id = await caseIn('in_review');
    await postApplicantMessage(getDb(), applicant, { caseId: id, body: 'Есть новый свидетель.' });
    expect(await statusOf(id)).toBe('in_review');
  });

  it('refuses other applicants, staff and drafts, and stores nothing', async () => {
    const id = await caseIn('needs_info');
    await expect(postApplicantMessage(getDb(), other, { caseId: id, body: 'чужое' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(postApplicantMessage(getDb(), reviewer, { caseId: id, body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listCaseMessages(other, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const draft = await caseIn('draft');
    await expect(postApplicantMessage(getDb(), applicant, { caseId: draft, body: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(listCaseMessages(reviewer, draft)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().select().from(messages).where(eq(messages.caseId, id))).toEqual([]);
    expect(await statusOf(id)).toBe('needs_info');
  });

  it('refuses an empty or oversized message', async () => {
    const id = await caseIn('in_review');
    await expect(postApplicantMessage(getDb(), applicant, { caseId: id, body: '   ' })).rejects.toThrow();
    await expect(postApplicantMessage(getDb(), applicant, { caseId: id, body: 'x'.repeat(5001) })).rejects.toThrow();
  });
});

describe('withdrawing', () => {
  it('is allowed to the owner before filing and recorded', async () => {
    for (const status of ['submitted', 'in_review', 'accepted', 'bundled'] as const) {
      const id = await caseIn(status);
      await withdrawCase(getDb(), applicant, { caseId: id, isConfirmed: true });
      expect(await statusOf(id)).toBe('withdrawn');
      expect(await getDb().select().from(caseEvents).where(eq(caseEvents.caseId, id))).toMatchObject([{ fromStatus: status, toStatus: 'withdrawn' }]);
    }
  });

  it('is refused once filed, to others, and without confirmation', async () => {
    const filed = await caseIn('filed');
    await expect(withdrawCase(getDb(), applicant, { caseId: filed, isConfirmed: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await statusOf(filed)).toBe('filed');
    const id = await caseIn('submitted');
    await expect(withdrawCase(getDb(), other, { caseId: id, isConfirmed: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(withdrawCase(getDb(), reviewer, { caseId: id, isConfirmed: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(withdrawCase(getDb(), applicant, { caseId: id, isConfirmed: false as never })).rejects.toThrow();
    expect(await statusOf(id)).toBe('submitted');
  });
});
