import 'server-only';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { cases, type CaseStatus } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';

export type CaseListRow = {
  id: string;
  reference: string | null;
  status: CaseStatus;
  kind: string | null;
  regionCode: string | null;
  courtName: string | null;
  caseNumber: string | null;
  grounds: string[];
  strengthScore: number | null;
  waitingSince: Date | null;
  daysWaiting: number | null;
  updatedAt: Date;
};

const listColumns = {
  id: cases.id,
  reference: cases.reference,
  status: cases.status,
  kind: cases.kind,
  regionCode: cases.regionCode,
  courtName: cases.courtName,
  caseNumber: cases.caseNumber,
  grounds: cases.grounds,
  strengthScore: cases.strengthScore,
  waitingSince: cases.waitingSince,
  daysWaiting: sql<number | null>`floor(extract(epoch from now() - ${cases.waitingSince}) / 86400)::int`,
  updatedAt: cases.updatedAt,
};

const total = sql<number>`count(*) over ()::int`;

/** The applicant's own cases, most recently changed first. */
export async function listMyCases(user: CurrentUser | null, page: number): Promise<Page<CaseListRow>> {
  assertCan(user, 'case.file');
  const rows = await getDb()
    .select({ ...listColumns, total })
    .from(cases)
    .where(eq(cases.applicantId, user.id))
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}

/** Statuses a reviewer works on; the queue shows these unless told otherwise. */
export const openReviewStatuses: CaseStatus[] = ['submitted', 'in_review', 'needs_info', 'recommended'];

/** Submitted cases for reviewers, longest waiting first. Drafts are never visible to staff. */
export async function listQueue(
  user: CurrentUser | null,
  options: { status?: CaseStatus; page: number },
): Promise<Page<CaseListRow>> {
  assertCan(user, 'queue.view');
  const statusFilter = options.status && options.status !== 'draft' ? eq(cases.status, options.status) : inArray(cases.status, openReviewStatuses);
  const rows = await getDb()
    .select({ ...listColumns, total })
    .from(cases)
    .where(and(statusFilter, ne(cases.status, 'draft')))
    .orderBy(asc(cases.waitingSince), asc(cases.id))
    .limit(PAGE_SIZE)
    .offset((options.page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, options.page);
}

/** Accepted cases, strongest first: what a new bundle is built from. */
export async function listCasesReadyForBundle(user: CurrentUser | null, page: number): Promise<Page<CaseListRow>> {
  assertCan(user, 'bundle.manage');
  const rows = await getDb()
    .select({ ...listColumns, total })
    .from(cases)
    .where(eq(cases.status, 'accepted'))
    .orderBy(sql`${cases.strengthScore} desc nulls last`, asc(cases.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}
