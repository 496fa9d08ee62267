import 'server-only';
import { and, asc, eq, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Db } from '@/db/client';
import { cases, caseTags, tags, users, type CaseStatus } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';
import type { QueueFilter } from '@/lib/validation/review';

/** Statuses a reviewer works on: the queue's default. */
export const openReviewStatuses: CaseStatus[] = ['submitted', 'in_review', 'needs_info', 'recommended'];

export type QueueRow = {
  id: string;
  reference: string | null;
  status: CaseStatus;
  kind: string | null;
  regionCode: string | null;
  courtName: string | null;
  grounds: string[];
  strengthScore: number | null;
  daysWaiting: number | null;
  assigneeId: string | null;
  assigneeName: string | null;
  /** The applicant answered an information request and nobody has acted on it yet. */
  hasNewReply: boolean;
};

export type QueueFacets = {
  total: number;
  statusCounts: Partial<Record<CaseStatus, number>>;
  tags: { id: string; slug: string; kk: string; ru: string; en: string }[];
  reviewers: { id: string; name: string; role: string }[];
};

export type QueuePage = Page<QueueRow> & QueueFacets;

const likeEscaped = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Tag ids by slug, from the last page's facets (every page load refreshes them). */
const tagIds: { bySlug?: Map<string, string> } = ((globalThis as { __redressQueueTagIds?: { bySlug?: Map<string, string> } }).__redressQueueTagIds ??= {});

/** The WHERE clause of a filter; drafts are never visible to staff. */
function whereOf(user: CurrentUser, filter: QueueFilter): SQL {
  const conditions: (SQL | undefined)[] = [ne(cases.status, 'draft')];
  if (filter.status === 'open') conditions.push(inArray(cases.status, openReviewStatuses));
  else if (filter.status !== 'all') conditions.push(eq(cases.status, filter.status));
  if (filter.region) conditions.push(eq(cases.regionCode, filter.region));
  if (filter.kind) conditions.push(eq(cases.kind, filter.kind));
  if (filter.ground) conditions.push(sql`${cases.grounds} @> array[${filter.ground}]::ground[]`);
  if (filter.tag) {
    // By id when known: the planner then knows how many cases carry that tag (a rare one is
    // read through case_tags instead of walking the sort index past thousands of cases).
    const tagId = tagIds.bySlug?.get(filter.tag);
    conditions.push(
      tagId
        ? sql`exists (select 1 from ${caseTags} where ${caseTags.caseId} = ${cases.id} and ${caseTags.tagId} = ${tagId})`
        : sql`exists (select 1 from ${caseTags} join ${tags} on ${tags.id} = ${caseTags.tagId} where ${caseTags.caseId} = ${cases.id} and ${tags.slug} = ${filter.tag})`,
    );
  }
  if (filter.assignee === 'me') conditions.push(eq(cases.assigneeId, user.id));
  else if (filter.assignee === 'none') conditions.push(isNull(cases.assigneeId));
  else if (filter.assignee !== 'any') conditions.push(eq(cases.assigneeId, filter.assignee));
  if (filter.waiting) conditions.push(lt(cases.waitingSince, sql`now() - make_interval(days => ${filter.waiting})`));
  // search_text is stored lower-cased and q is lower-cased: LIKE, not ILIKE (which lower-cases every row it checks).
  if (filter.q) conditions.push(sql`${cases.searchText} like ${likeEscaped(filter.q)}`);
  return and(...conditions)!;
}

function orderOf(user: CurrentUser, filter: QueueFilter): SQL[] {
  // An applicant's answer brings the case to the top of its assignee's own list.
  const replyFirst = filter.assignee === 'me' ? [sql`${cases.repliedAt} is null`] : [];
  switch (filter.sort) {
    case 'score':
      return [...replyFirst, sql`${cases.strengthScore} desc nulls last`, asc(cases.id)];
    case 'judgment':
      return [...replyFirst, sql`${cases.judgmentDate} desc nulls last`, asc(cases.id)];
    case 'waiting':
      return [...replyFirst, sql`${cases.waitingSince} asc nulls last`, asc(cases.id)];
  }
}

const assignee = alias(users, 'assignee');

/**
 * The per-status counts do not depend on the filter, and counting every case costs a scan of
 * the whole table: keep them for a few seconds per process. A decision calls
 * forgetQueueCounts(), so whoever acts sees fresh counts at once.
 */
const COUNTS_TTL_MS = 10_000;
type CountsCache = { at: number; value: QueueFacets['statusCounts'] };
const counts: { current?: CountsCache } = ((globalThis as { __redressQueueCounts?: { current?: CountsCache } }).__redressQueueCounts ??= {});

export function forgetQueueCounts(): void {
  counts.current = undefined;
}

/**
 * One page of the review queue, with the counts the page shows. Two statements: the rows, and
 * one that gathers the filtered total, the per-status counts, the tags and the reviewers.
 */
export async function listReviewQueue(user: CurrentUser | null, filter: QueueFilter, db: Db = getDb()): Promise<QueuePage> {
  assertCan(user, 'queue.view');
  const where = whereOf(user, filter);
  const rowsQuery = db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      kind: cases.kind,
      regionCode: cases.regionCode,
      courtName: cases.courtName,
      grounds: cases.grounds,
      strengthScore: cases.strengthScore,
      daysWaiting: sql<number | null>`floor(extract(epoch from now() - ${cases.waitingSince}) / 86400)::int`,
      assigneeId: cases.assigneeId,
      assigneeName: assignee.name,
      hasNewReply: sql<boolean>`${cases.repliedAt} is not null`,
    })
    .from(cases)
    .leftJoin(assignee, eq(assignee.id, cases.assigneeId))
    .where(where)
    .orderBy(...orderOf(user, filter))
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE);
  const cached = counts.current && Date.now() - counts.current.at < COUNTS_TTL_MS ? counts.current.value : undefined;
  const statusCountsSql = cached
    ? sql`null`
    : sql`(select json_object_agg(s.status, s.n) from (select ${cases.status} as status, count(*)::int as n from ${cases} where ${cases.status} <> 'draft' group by ${cases.status}) s)`;
  const facetsQuery = db.execute<{ total: number; status_counts: Record<string, number> | null; tags: QueueFacets['tags'] | null; reviewers: QueueFacets['reviewers'] | null }>(sql`
    select
      (select count(*)::int from ${cases} where ${where}) as total,
      ${statusCountsSql} as status_counts,
      (select json_agg(json_build_object('id', t.id, 'slug', t.slug, 'kk', t.name_kk, 'ru', t.name_ru, 'en', t.name_en) order by t.slug) from ${tags} t) as tags,
      (select json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role) order by u.name) from ${users} u
        where u.role in ('reviewer', 'organizer', 'admin') and u.disabled_at is null) as reviewers`);
  const [rows, facets] = await Promise.all([rowsQuery, facetsQuery]);
  const f = facets.rows[0]!;
  const total = Number(f.total);
  if (!cached) counts.current = { at: Date.now(), value: f.status_counts ?? {} };
  tagIds.bySlug = new Map((f.tags ?? []).map((t) => [t.slug, t.id]));
  return {
    ...pageOf(rows, total, filter.page),
    total,
    statusCounts: cached ?? f.status_counts ?? {},
    tags: f.tags ?? [],
    reviewers: f.reviewers ?? [],
  };
}
