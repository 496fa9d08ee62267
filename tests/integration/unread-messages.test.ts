import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { caseReads, messages } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { postApplicantMessage } from '@/lib/cases/messages';
import { markCaseRead, totalUnread, unreadCounts, unreadQuery } from '@/lib/cases/unread';
import { postStaffMessage } from '@/lib/review/decisions';
import { createCase, DAY_MS } from '../factories/cases';
import { createUser } from '../factories/users';

const db = () => getDb();
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);

async function staff(role: 'reviewer' | 'organizer' | 'admin'): Promise<CurrentUser> {
  return { ...(await createUser(role)), twoFactor: true };
}

async function message(caseId: string, authorId: string | null, createdAt: Date, body = 'Сообщение') {
  await db().insert(messages).values({ caseId, authorId, body, createdAt });
}

describe('unread messages of an applicant', () => {
  it('counts messages by others on their own cases since they last opened each, and none of their own', async () => {
    const applicant = await createUser('applicant');
    const other = await createUser('applicant');
    const reviewer = await staff('reviewer');
    const one = await createCase(applicant);
    const two = await createCase(applicant);
    const quiet = await createCase(applicant);
    const theirs = await createCase(other);
    await message(one.id, reviewer.id, daysAgo(3));
    await message(one.id, applicant.id, daysAgo(2));
    await message(one.id, null, daysAgo(1)); // a message of the system (or of a deleted account) counts too
    await message(two.id, reviewer.id, daysAgo(1));
    await message(quiet.id, applicant.id, daysAgo(1));
    await message(theirs.id, reviewer.id, daysAgo(1));

    const counts = await unreadCounts(applicant);
    expect(counts).toEqual({ [one.id]: 2, [two.id]: 1 });
    expect(totalUnread(counts)).toBe(3);
    expect(await unreadCounts(other)).toEqual({ [theirs.id]: 1 });
  });

  it('forgets a case’s messages once its page is opened, and counts what arrives after', async () => {
    const applicant = await createUser('applicant');
    const reviewer = await staff('reviewer');
    const one = await createCase(applicant, { status: 'in_review', assigneeId: reviewer.id });
    const two = await createCase(applicant);
    await message(one.id, reviewer.id, daysAgo(2));
    await message(two.id, reviewer.id, daysAgo(2));
    expect(totalUnread(await unreadCounts(applicant))).toBe(2);

    await markCaseRead(applicant, one.id);
    expect(await unreadCounts(applicant)).toEqual({ [two.id]: 1 });

    // The reviewer writes (the real action, which also queues the e-mail); the applicant answers.
    await postStaffMessage(db(), reviewer, { caseId: one.id, body: 'Пришлите, пожалуйста, копию приговора.' });
    expect(await unreadCounts(applicant)).toEqual({ [one.id]: 1, [two.id]: 1 });
    await postApplicantMessage(db(), applicant, { caseId: one.id, body: 'Отправлю завтра.' });
    expect(await unreadCounts(applicant)).toEqual({ [one.id]: 1, [two.id]: 1 });

    // Opening it again moves the mark forward, one row per person and case.
    await markCaseRead(applicant, one.id);
    await markCaseRead(applicant, two.id);
    expect(await unreadCounts(applicant)).toEqual({});
    expect(await db().select().from(caseReads).where(eq(caseReads.userId, applicant.id))).toHaveLength(2);
  });

  it('never marks someone else’s case, or a malformed id', async () => {
    const applicant = await createUser('applicant');
    const other = await createUser('applicant');
    const reviewer = await staff('reviewer');
    const theirs = await createCase(other);
    await message(theirs.id, reviewer.id, daysAgo(1));
    await markCaseRead(applicant, theirs.id);
    await markCaseRead(applicant, 'not-a-uuid');
    expect(await db().select().from(caseReads).where(eq(caseReads.caseId, theirs.id))).toEqual([]);
    expect(await unreadCounts(other)).toEqual({ [theirs.id]: 1 });
  });

  it('is the applicant’s own: refused to staff (FORBIDDEN) and visitors (UNAUTHENTICATED)', async () => {
    const applicant = await createUser('applicant');
    const mine = await createCase(applicant);
    for (const role of ['reviewer', 'organizer', 'admin'] as const) {
      const user = await staff(role);
      await expect(unreadCounts(user)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(markCaseRead(user, mine.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(unreadCounts(null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(markCaseRead(null, mine.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await db().select().from(caseReads).where(and(eq(caseReads.caseId, mine.id)))).toEqual([]);
  });

  it('is one query the indexes can answer: the applicant’s cases, their read marks, only the newer messages', async () => {
    const applicant = await createUser('applicant');
    await createCase(applicant);
    const plan = await db().transaction(async (tx) => {
      // Tiny test tables make a sequential scan cheapest; forbid it to see what the indexes allow.
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${unreadQuery(db(), applicant.id).getSQL()}`);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('cases_applicant_idx');
    expect(plan).toContain('messages_case_idx');
    expect(plan).toContain('case_reads_user_id_case_id_pk');
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
