import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { cache } from 'react';
import { getDb, type Db } from '@/db/client';
import { caseReads, cases, messages } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { isUuid } from '@/lib/validation/ids';

/** Unread messages per case id; cases with none are left out. */
export type UnreadCounts = Record<string, number>;

/*
 * An applicant's unread messages: on their own cases, written by someone else (a reviewer, or the
 * system) after they last opened the case (case_reads), or ever if they never did.
 */

/**
 * The query: the applicant's cases by cases_applicant_idx, their read marks by case_reads' primary
 * key, and only the newer messages by messages_case_idx (case_id, created_at).
 */
export function unreadQuery(db: Db, userId: string) {
  return db
    .select({ caseId: messages.caseId, n: sql<number>`count(*)::int` })
    .from(cases)
    .innerJoin(messages, eq(messages.caseId, cases.id))
    .leftJoin(caseReads, and(eq(caseReads.userId, userId), eq(caseReads.caseId, cases.id)))
    .where(
      and(
        eq(cases.applicantId, userId),
        sql`${messages.authorId} is distinct from ${userId}`,
        sql`${messages.createdAt} > coalesce(${caseReads.readAt}, '-infinity'::timestamptz)`,
      ),
    )
    .groupBy(messages.caseId);
}

/** Once per request, shared by the navigation badge and the case list (React's cache). */
const unreadOf = cache(async (userId: string): Promise<UnreadCounts> => {
  const rows = await unreadQuery(getDb(), userId);
  return Object.fromEntries(rows.map((r) => [r.caseId, Number(r.n)]));
});

export async function unreadCounts(user: CurrentUser | null): Promise<UnreadCounts> {
  assertCan(user, 'case.file');
  return unreadOf(user.id);
}

export function totalUnread(counts: UnreadCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/**
 * The applicant opened their case: everything in its thread until now is read. One statement; a
 * case that is not theirs (or does not exist) is left alone.
 */
export async function markCaseRead(user: CurrentUser | null, caseId: string): Promise<void> {
  assertCan(user, 'case.file');
  if (!isUuid(caseId)) return;
  await getDb().execute(sql`
    insert into ${caseReads} (user_id, case_id, read_at)
    select ${user.id}::uuid, ${cases.id}, now() from ${cases} where ${cases.id} = ${caseId} and ${cases.applicantId} = ${user.id}
    on conflict (user_id, case_id) do update set read_at = excluded.read_at`);
}
