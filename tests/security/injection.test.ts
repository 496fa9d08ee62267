import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents, type Case } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { listAuditEvents } from '@/lib/audit/queries';
import { listCandidateCases } from '@/lib/bundles/bundles';
import { averageDaysInStatus, countCases, countCasesByMonth, listRecurringCourtsAndJudges } from '@/lib/insights/queries';
import { parsePage } from '@/lib/pagination';
import { listPetitionsForOrganizers } from '@/lib/petitions/queries';
import { getPublicPetition, listPublicPetitions, publicCount } from '@/lib/petitions/public';
import { listReviewQueue } from '@/lib/review/queue';
import { listUsers } from '@/lib/users/queries';
import { parseAuditFilter } from '@/lib/validation/audit';
import { parseCandidateFilter } from '@/lib/validation/bundles';
import { parseInsightsFilter } from '@/lib/validation/insights';
import { parseQueueFilter } from '@/lib/validation/review';
import { parseUserFilter } from '@/lib/validation/staff';
import { isAppError } from '@/lib/errors';
import { loadBundle } from '@/lib/bundles/bundles';
import { loadMyCase } from '@/lib/cases/queries';
import { listCaseDocuments, openDocument } from '@/lib/documents/queries';
import { getPetitionForOrganizer } from '@/lib/petitions/queries';
import { tokenState } from '@/lib/petitions/signing';
import { buildFilingReceipt } from '@/lib/receipts/receipts';
import { loadWorkspace } from '@/lib/review/workspace';
import { checkInvitation } from '@/lib/users/invitations';
import { tagCase } from '../factories/cases';
import { seedWorld, type Person, type World } from './support/actors';
import { hugeStrings, TRICKS } from './support/hostile';
import { changedTables, fingerprint, caseOf, newTag, petitionOf } from './support/records';

vi.mock('next-auth', async (original) => (await import('./support/next-mocks')).mockNextAuth(await original()));
vi.mock('next/headers', async () => (await import('./support/next-mocks')).mockHeaders());
vi.mock('next/cache', async (original) => (await import('./support/next-mocks')).mockCache(await original()));

/*
 * Injection (issue 7): SQL metacharacters and Unicode tricks in every text filter the portal
 * has — the review queue, the organizers' case picker, insights, the users list, the audit log,
 * the petitions lists and pages. Each answers normally (a page of results, no error), a LIKE
 * search treats % _ \ as the letters they are, and no row anywhere changes. (What is rendered back
 * is checked through the real app in tests/security/live/rendering.test.ts.)
 */

/** Every trick, a few combined, and the 10 kB and 100 000-character strings. */
const HOSTILE = [...TRICKS, ...hugeStrings, "x' union select password_hash from users --", '%%%%', '____', '\\\\%', "'); delete from cases where ('1'='1", '1; select pg_sleep(5)'];

let world: World;
const asUser = (p: Person): CurrentUser => ({ id: p.id, email: p.email, name: p.name, role: p.role, locale: 'ru', twoFactor: p.role !== 'applicant' }) as CurrentUser;
let reviewer: CurrentUser;
let organizer: CurrentUser;
let admin: CurrentUser;
const marked: Record<string, Case> = {};

/** A submitted case whose searchable text (court name) carries `marker`. */
const caseWith = async (key: string, marker: string) => {
  marked[key] = await caseOf(world.applicant, { courtName: `Суд ${marker} района`, judgeName: `Судья ${marker}` });
};

beforeAll(async () => {
  world = await seedWorld();
  [reviewer, organizer, admin] = [asUser(world.reviewer), asUser(world.organizer), asUser(world.admin)];
  await caseWith('percent', 'скидка 100% процентов');
  await caseWith('underscore', 'snake_case');
  await caseWith('backslash', 'C:\\dir');
  await caseWith('quote', "O'Brien");
  await caseWith('rtl', 'evil\u202eexe.pdf');
  await caseWith('combining', 'Cafe\u0301');
  await caseWith('emoji', 'семья 👨‍👩‍👧‍👦');
  await caseWith('kazakh', 'Әділет Ұлы Қаңтар');
  for (let i = 0; i < 3; i++) await caseOf(world.applicant, { courtName: 'Обычный суд' });
  const accepted = await caseOf(world.applicant, { status: 'accepted', consentShareWithProsecutors: true });
  const tag = await newTag();
  await tagCase(accepted.id, tag.id);
  await petitionOf(world.organizer2, 'open');
  await getDb().insert(auditEvents).values({ actorId: world.admin.id, action: 'user.role_changed', recordType: 'user', recordId: world.reviewer.id, data: { note: "'; drop table audit_events; --" } });
});

/** Runs `query` for every hostile value: none may throw, and no row of any table may change. */
async function survivesAll(label: string, query: (value: string) => Promise<unknown>) {
  const before = await fingerprint();
  const failures: string[] = [];
  for (const value of HOSTILE) {
    try {
      await query(value);
    } catch (error) {
      failures.push(`${label} = ${JSON.stringify(value.slice(0, 40))}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(changedTables(before, await fingerprint())).toEqual([]);
}

const queueParams = ['q', 'status', 'region', 'kind', 'ground', 'tag', 'assignee', 'waiting', 'sort', 'page'];

describe('the review queue', () => {
  it.each(queueParams)('answers any value of ?%s= normally, changing nothing', async (param) => {
    await survivesAll(param, (value) => listReviewQueue(reviewer, parseQueueFilter({ [param]: value })));
    // An array (a repeated parameter) too.
    await survivesAll(`${param}[]`, (value) => listReviewQueue(reviewer, parseQueueFilter({ [param]: [value, 'x'] })));
  });

  const search = async (q: string) => (await listReviewQueue(reviewer, parseQueueFilter({ q, status: 'all' }))).rows.map((r) => r.id);

  it('searches for %, _ and \\ as the letters they are, not as wildcards', async () => {
    expect(await search('100%')).toEqual([marked.percent!.id]);
    expect(await search('%')).toEqual([marked.percent!.id]);
    expect(await search('snake_case')).toEqual([marked.underscore!.id]);
    expect(await search('_')).toEqual([marked.underscore!.id]);
    expect(await search('c:\\dir')).toEqual([marked.backslash!.id]);
    expect(await search('\\')).toEqual([marked.backslash!.id]);
    expect(await search('%%%%')).toEqual([]);
  });

  it('finds quotes, direction overrides, combining marks, emoji and Kazakh letters as typed, and SQL as text', async () => {
    expect(await search("o'brien")).toEqual([marked.quote!.id]);
    expect(await search('evil\u202eexe')).toEqual([marked.rtl!.id]);
    expect(await search('cafe\u0301')).toEqual([marked.combining!.id]);
    expect(await search('👨‍👩‍👧‍👦')).toEqual([marked.emoji!.id]);
    expect(await search('әділет ұлы')).toEqual([marked.kazakh!.id]);
    expect(await search("'; drop table cases; --")).toEqual([]);
    expect(await search("' or '1'='1")).toEqual([]);
    // A search too long for the field is ignored rather than failing the page.
    expect((await search('x'.repeat(10_000))).length).toBeGreaterThan(8);
  });
});

describe("the organizers' case picker (bundles)", () => {
  it.each(['tag', 'region', 'kind', 'ground', 'minScore', 'page'])('answers any value of ?%s= normally', async (param) => {
    await survivesAll(param, (value) => listCandidateCases(organizer, parseCandidateFilter({ [param]: value })));
  });
});

describe('insights', () => {
  it.each(['from', 'to', 'kind'])('answers any value of ?%s= normally, in every chart', async (param) => {
    await survivesAll(param, async (value) => {
      const { filter } = parseInsightsFilter({ [param]: value });
      await Promise.all([countCases(organizer, filter), countCasesByMonth(organizer, filter), listRecurringCourtsAndJudges(organizer, filter), averageDaysInStatus(organizer, filter)]);
    });
  });
});

describe('the users list', () => {
  it.each(['q', 'role', 'status', 'page'])('answers any value of ?%s= normally', async (param) => {
    await survivesAll(param, (value) => listUsers(admin, parseUserFilter({ [param]: value })));
  });

  it('searches names and addresses with % and _ as letters', async () => {
    const all = await listUsers(admin, parseUserFilter({}));
    expect((await listUsers(admin, parseUserFilter({ q: '%' }))).total).toBe(0);
    expect((await listUsers(admin, parseUserFilter({ q: '_' }))).total).toBe(0);
    expect((await listUsers(admin, parseUserFilter({ q: world.reviewer.email }))).rows.map((r) => r.id)).toEqual([world.reviewer.id]);
    expect(all.total).toBeGreaterThanOrEqual(7);
  });
});

describe('the audit log', () => {
  it.each(['actor', 'action', 'recordType', 'recordId', 'from', 'to', 'event', 'page'])('answers any value of ?%s= normally', async (param) => {
    const before = await getDb().select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    await survivesAll(param, async (value) => {
      const parsed = parseAuditFilter({ [param]: value });
      await listAuditEvents(admin, parsed.filter, parsed.page);
    });
    // Reading the log writes nothing to it either.
    expect(await getDb().select({ n: sql<number>`count(*)::int` }).from(auditEvents)).toEqual(before);
  });

  it('matches an actor by name or address, with % and _ as letters', async () => {
    const byActor = (actor: string) => listAuditEvents(admin, parseAuditFilter({ actor }).filter);
    expect((await byActor(world.admin.email)).rows.length).toBeGreaterThan(0);
    expect((await byActor('%')).total).toBe(0);
    expect((await byActor('_')).total).toBe(0);
  });
});

describe('petitions', () => {
  it('answers any page of the public and organizers’ lists normally', async () => {
    await survivesAll('page', async (value) => {
      await listPublicPetitions(parsePage(value), 'ru');
      await listPetitionsForOrganizers(organizer, parsePage(value));
    });
  });

  it('finds no petition, and fails nothing, at any hostile address', async () => {
    await survivesAll('slug', async (value) => {
      expect(await getPublicPetition(value, 'kk')).toBeNull();
      expect(await publicCount(value)).toBeNull();
    });
  });
});

describe('ids and tokens from the address bar', () => {
  /** Malformed ids: some only look like a uuid to a loose pattern; PostgreSQL rejects them all. */
  const MALFORMED = ['-'.repeat(36), 'f'.repeat(36), 'ffffffff-ffff-ffff-ffff-fffffffffffff', 'a\u0000b', "'; drop table cases; --", '', '%', 'x'.repeat(10_000)];

  it.each([
    ['a case page (applicant)', (id: string) => loadMyCase(asUser(world.applicant), id)],
    ['a case workspace (reviewer)', (id: string) => loadWorkspace(reviewer, id)],
    ['a bundle page', (id: string) => loadBundle(organizer, id)],
    ['a petition page (organizer)', (id: string) => getPetitionForOrganizer(organizer, id)],
    ['a filing receipt', (id: string) => buildFilingReceipt(asUser(world.applicant), id, 'ru')],
    ["a case's documents", (id: string) => listCaseDocuments(reviewer, id)],
    ['a document', (id: string) => openDocument(reviewer, id)],
    ['an invitation link', (id: string) => checkInvitation(id)],
    ['a signature confirmation link', (id: string) => tokenState(id)],
    ['a public petition', (id: string) => getPublicPetition(id, 'ru')],
  ] as const)('%s is "not found" for a malformed one, never a database error', async (_label, load) => {
    const failures: string[] = [];
    for (const id of MALFORMED) {
      try {
        const value = (await load(id)) as unknown;
        const isNothing = value === null || (typeof value === 'object' && value !== null && ('ok' in value ? value.ok === false : 'state' in value && value.state === 'invalid'));
        if (!isNothing) failures.push(`${JSON.stringify(id.slice(0, 40))}: answered ${JSON.stringify(value).slice(0, 80)}`);
      } catch (error) {
        if (!(isAppError(error) && error.code === 'NOT_FOUND')) failures.push(`${JSON.stringify(id.slice(0, 40))}: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
