import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { cases, type CaseKind, type CaseStatus, type Ground } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { postApplicantMessage } from '@/lib/cases/messages';
import { PAGE_SIZE } from '@/lib/pagination';
import { listReviewQueue, type QueuePage } from '@/lib/review/queue';
import { parseQueueFilter } from '@/lib/validation/review';
import { createCase, createTag, DAY_MS, tagCase } from '../factories/cases';
import { createUser } from '../factories/users';

const ALM = 'Алмалинский районный суд г. Алматы';
const ESL = 'Есильский районный суд г. Астаны';
const KRG = 'Специализированный межрайонный суд по уголовным делам Карагандинской области';
const SHY = 'Енбекшинский районный суд г. Шымкента';
const MED = 'Медеуский районный суд г. Алматы';
const PVL = 'Павлодарский городской суд';

type Who = 'me' | 'r2' | 'org' | null;
type Spec = {
  key: string;
  status: CaseStatus;
  region: string;
  kind: CaseKind;
  grounds: Ground[];
  tags: string[];
  assignee: Who;
  /** Days since waiting began (never a whole number, so "waiting longer than N days" has no boundary case). */
  days: number;
  score: number | null;
  judgment: string;
  person: string | null;
  applicant: 'a1' | 'a2' | 'a3';
  court: string;
  caseNumber: string;
};

// prettier-ignore
const specs: Spec[] = [
  // Open: the queue's default.
  { key: 'o01', status: 'submitted', region: 'almaty_city', kind: 'criminal', grounds: ['fabricated_evidence', 'coercion_torture'], tags: ['activists'], assignee: null, days: 40.5, score: null, judgment: '2021-03-01', person: 'Жақсылықов Нұрлан', applicant: 'a1', court: ALM, caseNumber: '1-123/2021' },
  { key: 'o02', status: 'submitted', region: 'astana', kind: 'criminal', grounds: ['procedural_violations'], tags: [], assignee: null, days: 5.5, score: null, judgment: '2022-01-15', person: 'Nurlan Zhaksylykov', applicant: 'a1', court: ESL, caseNumber: '1-77/2022' },
  { key: 'o03', status: 'submitted', region: 'karaganda', kind: 'administrative', grounds: ['political_motive'], tags: ['land-protests'], assignee: null, days: 12.5, score: null, judgment: '2020-07-07', person: 'Сергеев Павел', applicant: 'a1', court: KRG, caseNumber: '5-310/2020' },
  { key: 'o04', status: 'submitted', region: 'shymkent', kind: 'civil', grounds: ['bribery_corruption'], tags: ['property-confiscated'], assignee: null, days: 20.5, score: null, judgment: '2019-11-30', person: null, applicant: 'a3', court: SHY, caseNumber: '2-45/2019' },
  { key: 'o05', status: 'submitted', region: 'almaty_city', kind: 'criminal', grounds: ['new_evidence'], tags: [], assignee: null, days: 2.5, score: null, judgment: '2023-02-02', person: 'Бекмұрат Асқар', applicant: 'a2', court: MED, caseNumber: '1-900/2023' },
  { key: 'o06', status: 'in_review', region: 'almaty_city', kind: 'administrative', grounds: ['political_motive', 'procedural_violations'], tags: ['land-protests', 'activists'], assignee: 'me', days: 15.5, score: 55, judgment: '2021-06-01', person: 'Қасымов Дәулет', applicant: 'a1', court: ALM, caseNumber: '5-12/2021' },
  { key: 'o07', status: 'in_review', region: 'astana', kind: 'criminal', grounds: ['coercion_torture'], tags: ['military'], assignee: 'me', days: 8.5, score: 70, judgment: '2021-06-01', person: 'Иванов Сергей', applicant: 'a1', court: ESL, caseNumber: '1-501/2021' },
  { key: 'o08', status: 'needs_info', region: 'karaganda', kind: 'criminal', grounds: ['coercion_torture', 'ineffective_defense'], tags: [], assignee: 'me', days: 3.5, score: 30, judgment: '2022-09-09', person: 'Ким Виктор', applicant: 'a1', court: KRG, caseNumber: '1-66/2022' },
  { key: 'o09', status: 'in_review', region: 'shymkent', kind: 'civil', grounds: ['other'], tags: ['property-confiscated'], assignee: 'r2', days: 25.5, score: 70, judgment: '2018-04-04', person: 'Әбдіров Марат', applicant: 'a2', court: SHY, caseNumber: '2-300/2018' },
  { key: 'o10', status: 'needs_info', region: 'almaty_city', kind: 'criminal', grounds: ['procedural_violations'], tags: [], assignee: 'r2', days: 10.5, score: 45, judgment: '2020-12-12', person: 'Tokayev Arman', applicant: 'a1', court: MED, caseNumber: '1-13/2020' },
  { key: 'o11', status: 'recommended', region: 'astana', kind: 'criminal', grounds: ['new_evidence', 'fabricated_evidence'], tags: ['military'], assignee: 'r2', days: 30.5, score: 90, judgment: '2017-01-20', person: 'Нұрланов Ерлан', applicant: 'a1', court: ESL, caseNumber: '1-2/2017' },
  { key: 'o12', status: 'recommended', region: 'almaty_city', kind: 'criminal', grounds: ['disproportionate_sentence'], tags: [], assignee: 'me', days: 18.5, score: 70, judgment: '2019-05-05', person: 'Сейтжанов Бауыржан', applicant: 'a1', court: ALM, caseNumber: '1-555/2019' },
  { key: 'o13', status: 'in_review', region: 'karaganda', kind: 'administrative', grounds: ['political_motive'], tags: ['activists'], assignee: 'org', days: 40.5, score: 85, judgment: '2022-03-03', person: 'Омарова Жанар', applicant: 'a1', court: KRG, caseNumber: '5-40/2022' },
  { key: 'o14', status: 'submitted', region: 'almaty_city', kind: 'criminal', grounds: ['procedural_violations'], tags: [], assignee: null, days: 40.5, score: null, judgment: '2016-08-08', person: 'Петров Олег', applicant: 'a1', court: ALM, caseNumber: '7-10_2023%' },
  // Filed as needs_info; the applicant answers in beforeAll, which brings it back to in_review.
  { key: 'o15', status: 'needs_info', region: 'astana', kind: 'criminal', grounds: ['coercion_torture'], tags: [], assignee: 'me', days: 6.5, score: 20, judgment: '2020-02-02', person: 'Мұқанов Ғалым', applicant: 'a1', court: ESL, caseNumber: '1-88/2020' },
  { key: 'o16', status: 'submitted', region: 'pavlodar', kind: 'criminal', grounds: ['ineffective_defense'], tags: [], assignee: null, days: 60.5, score: null, judgment: '2015-05-05', person: 'Шевченко Анна', applicant: 'a2', court: PVL, caseNumber: '1-1/2015' },
  // Past review.
  { key: 'x01', status: 'accepted', region: 'almaty_city', kind: 'criminal', grounds: ['fabricated_evidence'], tags: ['activists'], assignee: 'r2', days: 50.5, score: 95, judgment: '2019-09-09', person: 'Абенов Талгат', applicant: 'a1', court: ALM, caseNumber: '1-321/2019' },
  { key: 'x02', status: 'accepted', region: 'astana', kind: 'criminal', grounds: ['coercion_torture'], tags: ['military'], assignee: 'me', days: 45.5, score: 88, judgment: '2018-10-10', person: 'Серіков Бақыт', applicant: 'a1', court: ESL, caseNumber: '1-400/2018' },
  { key: 'x03', status: 'declined', region: 'karaganda', kind: 'civil', grounds: ['other'], tags: [], assignee: 'me', days: 35.5, score: 10, judgment: '2021-01-01', person: 'Лим Ольга', applicant: 'a1', court: KRG, caseNumber: '2-7/2021' },
  { key: 'x04', status: 'declined', region: 'shymkent', kind: 'administrative', grounds: ['political_motive'], tags: ['land-protests'], assignee: 'r2', days: 33.5, score: 15, judgment: '2020-03-03', person: 'Тасбулатов Серик', applicant: 'a3', court: SHY, caseNumber: '5-8/2020' },
  { key: 'x05', status: 'bundled', region: 'almaty_city', kind: 'criminal', grounds: ['new_evidence'], tags: [], assignee: 'r2', days: 70.5, score: 92, judgment: '2017-07-07', person: 'Ахметов Руслан', applicant: 'a1', court: MED, caseNumber: '1-77/2017' },
  { key: 'x06', status: 'filed', region: 'astana', kind: 'criminal', grounds: ['fabricated_evidence'], tags: ['military'], assignee: 'r2', days: 80.5, score: 91, judgment: '2016-06-06', person: 'Ли Дмитрий', applicant: 'a1', court: ESL, caseNumber: '1-99/2016' },
  { key: 'x07', status: 'protest_brought', region: 'almaty_city', kind: 'criminal', grounds: ['coercion_torture'], tags: ['activists'], assignee: 'r2', days: 90.5, score: 97, judgment: '2015-03-03', person: 'Нұрғали Айбек', applicant: 'a1', court: ALM, caseNumber: '1-31/2015' },
  { key: 'x08', status: 'protest_refused', region: 'karaganda', kind: 'criminal', grounds: ['procedural_violations'], tags: [], assignee: 'r2', days: 100.5, score: 60, judgment: '2014-02-02', person: 'Смагулов Ержан', applicant: 'a1', court: KRG, caseNumber: '1-44/2014' },
  { key: 'x09', status: 'withdrawn', region: 'almaty_city', kind: 'civil', grounds: ['other'], tags: [], assignee: null, days: 7.5, score: null, judgment: '2022-12-12', person: 'Нуриев Ренат', applicant: 'a2', court: ALM, caseNumber: '2-600/2022' },
  { key: 'x10', status: 'declined', region: 'astana', kind: 'criminal', grounds: ['procedural_violations'], tags: [], assignee: 'r2', days: 22.5, score: 70, judgment: '2021-06-01', person: 'Кузнецов Игорь', applicant: 'a1', court: ESL, caseNumber: '1-70/2021' },
  { key: 'x11', status: 'accepted', region: 'shymkent', kind: 'criminal', grounds: ['new_evidence'], tags: [], assignee: 'r2', days: 40.5, score: 70, judgment: '2020-10-10', person: 'Жұмабаев Асан', applicant: 'a1', court: SHY, caseNumber: '1-12/2020' },
  { key: 'x12', status: 'filed', region: 'pavlodar', kind: 'criminal', grounds: ['coercion_torture'], tags: [], assignee: 'r2', days: 55.5, score: 83, judgment: '2019-01-01', person: 'Ким Алексей', applicant: 'a1', court: PVL, caseNumber: '1-2/2019' },
  { key: 'x13', status: 'withdrawn', region: 'karaganda', kind: 'administrative', grounds: ['political_motive'], tags: [], assignee: null, days: 65.5, score: null, judgment: '2018-08-08', person: 'Досов Нурлан', applicant: 'a1', court: KRG, caseNumber: '5-5/2018' },
  { key: 'x15', status: 'declined', region: 'almaty_city', kind: 'criminal', grounds: ['fabricated_evidence'], tags: [], assignee: 'r2', days: 12.5, score: null, judgment: '2023-03-03', person: 'Ибраев Самат', applicant: 'a1', court: ALM, caseNumber: '1-8/2023' },
];

let me: CurrentUser;
let r2: CurrentUser;
let org: CurrentUser;
let admin: CurrentUser;
const applicants: Record<Spec['applicant'], CurrentUser> = {} as never;
/** Seeded rows, with the id and waiting start the database gave them. */
const seeded = new Map<string, Spec & { id: string; reference: string; waitingSince: number }>();
const keyByReference = new Map<string, string>();

beforeAll(async () => {
  [me, r2, org, admin, applicants.a1, applicants.a2, applicants.a3] = await Promise.all([
    createUser('reviewer', { name: 'Айдана Серікова' }),
    createUser('reviewer', { name: 'Pavel Orlov' }),
    createUser('organizer', { name: 'Ержан Тоқтаров' }),
    createUser('admin', { name: 'Admin' }),
    createUser('applicant', { name: 'Мадина Омарова' }),
    createUser('applicant', { name: 'Айгерім Сапарова' }),
    createUser('applicant', { name: 'Гүлнар Әбдірахманова' }),
  ]);
  const who = { me, r2, org } as const;
  const tagIds = new Map<string, string>();
  for (const slug of ['activists', 'land-protests', 'military', 'property-confiscated']) tagIds.set(slug, (await createTag(slug)).id);

  const base = Date.now();
  for (const [i, spec] of specs.entries()) {
    const reference = `RD-2025-${String(i + 1).padStart(5, '0')}`;
    const row = await createCase(applicants[spec.applicant], {
      reference,
      status: spec.status,
      regionCode: spec.region,
      kind: spec.kind,
      grounds: spec.grounds,
      assigneeId: spec.assignee ? who[spec.assignee].id : null,
      waitingSince: new Date(base - spec.days * DAY_MS),
      strengthScore: spec.score,
      judgmentDate: spec.judgment,
      filingFor: spec.person ? 'other' : 'self',
      convictedPersonName: spec.person,
      courtName: spec.court,
      caseNumber: spec.caseNumber,
    });
    for (const slug of spec.tags) await tagCase(row.id, tagIds.get(slug)!);
    seeded.set(spec.key, { ...spec, id: row.id, reference, waitingSince: row.waitingSince!.getTime() });
    keyByReference.set(reference, spec.key);
  }
  // Drafts: never in the queue, whatever the filter, even when they match the search.
  await createCase(applicants.a1, { status: 'draft', convictedPersonName: 'Жақсылықов Нұрлан', courtName: ALM, caseNumber: '1-123/2021', regionCode: 'almaty_city' });
  await createCase(applicants.a2, { status: 'draft', courtName: ESL, caseNumber: '7-10_2023%' });

  // The applicant of o15 answers the information request: back to in_review, at the top of my list.
  const o15 = seeded.get('o15')!;
  await postApplicantMessage(getDb(), applicants.a1, { caseId: o15.id, body: 'Прикладываю постановление апелляционной инстанции.' });
  const [after] = await getDb().select({ status: cases.status, waitingSince: cases.waitingSince }).from(cases).where(eq(cases.id, o15.id));
  seeded.set('o15', { ...o15, status: after!.status, waitingSince: after!.waitingSince!.getTime() });
});

const query = (params: Record<string, string | string[] | undefined>, user: CurrentUser | null = me) => listReviewQueue(user, parseQueueFilter(params));
const keysOf = (page: QueuePage) => page.rows.map((r) => keyByReference.get(r.reference!) ?? `unknown ${r.reference}`);
const sortedKeys = async (params: Record<string, string | undefined>, user?: CurrentUser) => keysOf(await query(params, user)).sort();
const all = () => [...seeded.values()];

describe('the review queue: which cases', () => {
  it('shows the open statuses by default, never a draft and nothing past review', async () => {
    const page = await query({});
    expect(keysOf(page).sort()).toEqual(['o01', 'o02', 'o03', 'o04', 'o05', 'o06', 'o07', 'o08', 'o09', 'o10', 'o11', 'o12', 'o13', 'o14', 'o15', 'o16']);
    expect(page.total).toBe(16);
    expect(page.rows.every((r) => ['submitted', 'in_review', 'needs_info', 'recommended'].includes(r.status))).toBe(true);
  });

  it('shows every non-draft status with status=all', async () => {
    const first = await query({ status: 'all' });
    expect(first.total).toBe(30);
    const second = await query({ status: 'all', page: '2' });
    const keys = [...keysOf(first), ...keysOf(second)];
    expect(keys.sort()).toEqual(all().map((s) => s.key).sort());
    expect(keys).not.toContain(expect.stringMatching(/^unknown/));
  });

  it('filters by a single status', async () => {
    expect(await sortedKeys({ status: 'in_review' })).toEqual(['o06', 'o07', 'o09', 'o13', 'o15']);
    expect(await sortedKeys({ status: 'needs_info' })).toEqual(['o08', 'o10']);
    expect(await sortedKeys({ status: 'recommended' })).toEqual(['o11', 'o12']);
    expect(await sortedKeys({ status: 'declined' })).toEqual(['x03', 'x04', 'x10', 'x15']);
    expect(await sortedKeys({ status: 'withdrawn' })).toEqual(['x09', 'x13']);
    expect(await sortedKeys({ status: 'protest_brought' })).toEqual(['x07']);
  });

  it('never lists drafts, even when asked for them', async () => {
    // "draft" is not a queue status: the filter falls back to the open statuses.
    const page = await query({ status: 'draft' });
    expect(page.total).toBe(16);
    expect(page.rows.some((r) => r.status === 'draft' || r.reference === null)).toBe(false);
  });

  it('filters by region', async () => {
    expect(await sortedKeys({ region: 'almaty_city' })).toEqual(['o01', 'o05', 'o06', 'o10', 'o12', 'o14']);
    expect(await sortedKeys({ region: 'almaty_city', status: 'all' })).toEqual(['o01', 'o05', 'o06', 'o10', 'o12', 'o14', 'x01', 'x05', 'x07', 'x09', 'x15']);
    expect(await sortedKeys({ region: 'pavlodar', status: 'all' })).toEqual(['o16', 'x12']);
    expect(await sortedKeys({ region: 'ulytau', status: 'all' })).toEqual([]);
  });

  it('filters by kind', async () => {
    expect(await sortedKeys({ kind: 'administrative', status: 'all' })).toEqual(['o03', 'o06', 'o13', 'x04', 'x13']);
    expect(await sortedKeys({ kind: 'civil' })).toEqual(['o04', 'o09']);
  });

  it('filters by a claimed ground, whatever else is claimed with it', async () => {
    expect(await sortedKeys({ ground: 'coercion_torture', status: 'all' })).toEqual(['o01', 'o07', 'o08', 'o15', 'x02', 'x07', 'x12']);
    expect(await sortedKeys({ ground: 'procedural_violations' })).toEqual(['o02', 'o06', 'o10', 'o14']);
    expect(await sortedKeys({ ground: 'political_motive', status: 'all' })).toEqual(['o03', 'o06', 'o13', 'x04', 'x13']);
  });

  it('filters by tag slug', async () => {
    expect(await sortedKeys({ tag: 'activists', status: 'all' })).toEqual(['o01', 'o06', 'o13', 'x01', 'x07']);
    expect(await sortedKeys({ tag: 'military' })).toEqual(['o07', 'o11']);
    expect(await sortedKeys({ tag: 'no-such-tag', status: 'all' })).toEqual([]);
  });

  it('filters by assignee: me, nobody, anybody, or one reviewer', async () => {
    expect(await sortedKeys({ assignee: 'me' })).toEqual(['o06', 'o07', 'o08', 'o12', 'o15']);
    expect(await sortedKeys({ assignee: 'me', status: 'all' })).toEqual(['o06', 'o07', 'o08', 'o12', 'o15', 'x02', 'x03']);
    // "me" is whoever is asking.
    expect(await sortedKeys({ assignee: 'me' }, org)).toEqual(['o13']);
    expect(await sortedKeys({ assignee: 'none' })).toEqual(['o01', 'o02', 'o03', 'o04', 'o05', 'o14', 'o16']);
    expect(await sortedKeys({ assignee: 'any' })).toHaveLength(16);
    expect(await sortedKeys({ assignee: r2.id })).toEqual(['o09', 'o10', 'o11']);
  });

  it('filters by waiting longer than N days', async () => {
    expect(await sortedKeys({ waiting: '10' })).toEqual(['o01', 'o03', 'o04', 'o06', 'o09', 'o10', 'o11', 'o12', 'o13', 'o14', 'o16']);
    expect(await sortedKeys({ waiting: '30' })).toEqual(['o01', 'o11', 'o13', 'o14', 'o16']);
    expect(await sortedKeys({ waiting: '61' })).toEqual([]);
    // The applicant's answer restarted o15's wait.
    expect(await sortedKeys({ waiting: '1', assignee: 'me' })).toEqual(['o06', 'o07', 'o08', 'o12']);
  });

  it('combines filters', async () => {
    expect(await sortedKeys({ status: 'all', region: 'almaty_city', kind: 'criminal', assignee: 'none' })).toEqual(['o01', 'o05', 'o14']);
    expect(await sortedKeys({ region: 'astana', ground: 'coercion_torture', assignee: 'me' })).toEqual(['o07', 'o15']);
  });
});

describe('the review queue: text search', () => {
  it('finds a reference, case-insensitively', async () => {
    const x03 = seeded.get('x03')!;
    expect(await sortedKeys({ q: x03.reference.toLowerCase(), status: 'all' })).toEqual(['x03']);
    // Declined cases are not in the default view.
    expect(await sortedKeys({ q: x03.reference })).toEqual([]);
  });

  it('finds a case number', async () => {
    expect(await sortedKeys({ q: '5-310/2020' })).toEqual(['o03']);
    expect(await sortedKeys({ q: '1-123/2021', status: 'all' })).toEqual(['o01']);
  });

  it('finds the convicted person in Kazakh Cyrillic or Latin, any case', async () => {
    expect(await sortedKeys({ q: 'ЖАҚСЫЛЫҚОВ' })).toEqual(['o01']);
    // A substring: "Нұрланов Ерлан" contains it too; "Досов Нурлан" (Russian spelling) does not.
    expect(await sortedKeys({ q: 'нұрлан', status: 'all' })).toEqual(['o01', 'o11']);
    expect(await sortedKeys({ q: 'ZHAKSYLYKOV' })).toEqual(['o02']);
    expect(await sortedKeys({ q: 'Мұқанов Ғалым' })).toEqual(['o15']);
  });

  it('finds the applicant by name', async () => {
    expect(await sortedKeys({ q: 'АЙГЕРІМ', status: 'all' })).toEqual(['o05', 'o09', 'o16', 'x09']);
    expect(await sortedKeys({ q: 'Әбдірахманова', status: 'all' })).toEqual(['o04', 'x04']);
  });

  it('finds the court', async () => {
    expect(await sortedKeys({ q: 'ЕСИЛЬСКИЙ', status: 'all' })).toEqual(['o02', 'o07', 'o11', 'o15', 'x02', 'x06', 'x10']);
    expect(await sortedKeys({ q: '  павлодарский  ' })).toEqual(['o16']);
  });

  it("takes '%' and '_' literally", async () => {
    expect(await sortedKeys({ q: '%', status: 'all' })).toEqual(['o14']);
    expect(await sortedKeys({ q: '_', status: 'all' })).toEqual(['o14']);
    // As wildcards, "0_2" would match "2022", "2020", "RD-2025-00012"...
    expect(await sortedKeys({ q: '0_2', status: 'all' })).toEqual(['o14']);
    expect(await sortedKeys({ q: '10_2023%', status: 'all' })).toEqual(['o14']);
    expect(await sortedKeys({ q: '1%2', status: 'all' })).toEqual([]);
    expect(await sortedKeys({ q: '\\', status: 'all' })).toEqual([]);
  });

  it('combines the search with the filters', async () => {
    expect(await sortedKeys({ q: 'есильский', status: 'all', assignee: 'me' })).toEqual(['o07', 'o15', 'x02']);
  });
});

/** The expected order, computed here from the seed: `compare`, then id. */
function expectedOrder(compare: (a: ReturnType<typeof all>[number], b: ReturnType<typeof all>[number]) => number): string[] {
  return all()
    .sort((a, b) => compare(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => s.key);
}
const nullsLast = (a: number | null, b: number | null, desc: boolean) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : desc ? b - a : a - b);

async function everyPage(params: Record<string, string>): Promise<string[]> {
  const first = await query({ ...params, status: 'all' });
  const rest = await query({ ...params, status: 'all', page: '2' });
  return [...keysOf(first), ...keysOf(rest)];
}

describe('the review queue: order and pages', () => {
  it('sorts by strength score, highest first, unscored last, ties by id', async () => {
    const keys = await everyPage({ sort: 'score' });
    expect(keys).toEqual(expectedOrder((a, b) => nullsLast(a.score, b.score, true)));
    expect(keys.slice(0, 3)).toEqual(['x07', 'x01', 'x05']);
    // Five cases share a score of 70: one block, in id order.
    const seventies = all().filter((s) => s.score === 70).sort((a, b) => (a.id < b.id ? -1 : 1)).map((s) => s.key);
    const at = keys.indexOf(seventies[0]!);
    expect(keys.slice(at, at + 5)).toEqual(seventies);
    expect(keys.slice(-10).every((k) => seeded.get(k)!.score === null)).toBe(true);
    expect(seeded.get(keys.at(-11)!)!.score).not.toBeNull();
  });

  it('sorts by waiting time, longest first, ties by id (the default)', async () => {
    const keys = await everyPage({ sort: 'waiting' });
    expect(keys).toEqual(expectedOrder((a, b) => a.waitingSince - b.waitingSince));
    expect(keys[0]).toBe('x08');
    // The reply just now restarted o15's wait: it waits least of all.
    expect(keys.at(-1)).toBe('o15');
    expect(await everyPage({})).toEqual(keys);
    // Four cases have waited exactly as long: in id order.
    const ties = all().filter((s) => s.days === 40.5).sort((a, b) => (a.id < b.id ? -1 : 1)).map((s) => s.key);
    expect(ties).toHaveLength(4);
    const at = keys.indexOf(ties[0]!);
    expect(keys.slice(at, at + 4)).toEqual(ties);
  });

  it('sorts by date of judgment, newest first, ties by id', async () => {
    const keys = await everyPage({ sort: 'judgment' });
    expect(keys).toEqual(expectedOrder((a, b) => b.judgment.localeCompare(a.judgment)));
    expect(keys.slice(0, 2)).toEqual(['x15', 'o05']);
    expect(keys.at(-1)).toBe('x08');
  });

  it('sorts the default view too', async () => {
    const open = new Set(keysOf(await query({})));
    const keys = keysOf(await query({ sort: 'score' }));
    expect(keys).toEqual(expectedOrder((a, b) => nullsLast(a.score, b.score, true)).filter((k) => open.has(k)));
    expect(keys.slice(0, 2)).toEqual(['o11', 'o13']);
  });

  it('pages by 25 with the total and the page count', async () => {
    expect(PAGE_SIZE).toBe(25);
    const first = await query({ status: 'all' });
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(25);
    const second = await query({ status: 'all', page: '2' });
    expect(second).toMatchObject({ total: 30, page: 2, pageCount: 2 });
    expect(second.rows).toHaveLength(5);
    expect(new Set([...keysOf(first), ...keysOf(second)]).size).toBe(30);
    const beyond = await query({ status: 'all', page: '3' });
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(30);
    // A filtered total counts the filter, not the page.
    expect(await query({ region: 'almaty_city' })).toMatchObject({ total: 6, pageCount: 1 });
  });

  it('puts the case whose applicant just answered first in my own list, whatever the sort', async () => {
    for (const sort of ['score', 'waiting', 'judgment']) {
      const page = await query({ assignee: 'me', sort });
      expect(keysOf(page)[0], sort).toBe('o15');
      expect(page.rows[0]).toMatchObject({ status: 'in_review', hasNewReply: true });
      expect(page.rows.slice(1).every((r) => !r.hasNewReply)).toBe(true);
    }
    // The rest of my list keeps its order: by score, 70s by id, then 55, then 30.
    const byScore = keysOf(await query({ assignee: 'me', sort: 'score' }));
    const seventies = ['o07', 'o12'].sort((a, b) => (seeded.get(a)!.id < seeded.get(b)!.id ? -1 : 1));
    expect(byScore).toEqual(['o15', ...seventies, 'o06', 'o08']);
    // In everyone's list the reply does not jump the queue.
    expect(keysOf(await query({ sort: 'score' }))[0]).not.toBe('o15');
  });
});

describe('the review queue: what each row and the page carry', () => {
  it('describes each case', async () => {
    const page = await query({ q: '5-12/2021' });
    expect(page.rows).toEqual([
      {
        id: seeded.get('o06')!.id,
        reference: seeded.get('o06')!.reference,
        status: 'in_review',
        kind: 'administrative',
        regionCode: 'almaty_city',
        courtName: ALM,
        grounds: ['political_motive', 'procedural_violations'],
        strengthScore: 55,
        daysWaiting: 15,
        assigneeId: me.id,
        assigneeName: 'Айдана Серікова',
        hasNewReply: false,
      },
    ]);
    const unassigned = await query({ q: '1-1/2015' });
    expect(unassigned.rows[0]).toMatchObject({ assigneeId: null, assigneeName: null, strengthScore: null, daysWaiting: 60 });
  });

  it('counts every status of the queue, drafts never', async () => {
    const expected = { submitted: 7, in_review: 5, needs_info: 2, recommended: 2, accepted: 3, declined: 4, bundled: 1, filed: 2, protest_brought: 1, protest_refused: 1, withdrawn: 2 };
    expect((await query({})).statusCounts).toEqual(expected);
    expect((await query({ status: 'all', region: 'pavlodar' })).statusCounts).toEqual(expected);
  });

  it('lists the tags and the staff who can hold a case', async () => {
    const page = await query({});
    expect(page.tags.map((t) => t.slug)).toEqual(['activists', 'land-protests', 'military', 'property-confiscated']);
    expect(page.reviewers.map((r) => r.id).sort()).toEqual([me.id, r2.id, org.id, admin.id].sort());
  });
});

describe('the review queue: who may see it', () => {
  it('is open to reviewers, organizers and admins', async () => {
    for (const user of [me, org, admin]) expect((await query({}, user)).total).toBe(16);
  });

  it('refuses applicants and visitors', async () => {
    await expect(query({}, applicants.a1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(query({}, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('parseQueueFilter', () => {
  const defaults = { status: 'open', assignee: 'any', sort: 'waiting', page: 1, region: undefined, kind: undefined, ground: undefined, tag: undefined, waiting: undefined, q: undefined };

  it('gives the defaults for an empty query', () => {
    expect(parseQueueFilter({})).toEqual(defaults);
  });

  it('falls back to the default for each junk value instead of failing', () => {
    expect(
      parseQueueFilter({
        status: 'draft',
        region: "almaty'; drop table cases;--",
        kind: 'maritime',
        ground: 'bad_luck',
        tag: 'Not A Slug!',
        assignee: 'someone-else',
        waiting: '-3',
        q: 'x'.repeat(101),
        sort: 'random()',
        page: '0',
      }),
    ).toEqual(defaults);
    expect(parseQueueFilter({ status: 'bogus', waiting: 'abc', page: '2.5', q: '   ' })).toEqual(defaults);
    expect(parseQueueFilter({ waiting: '99999', page: '1e9', status: '', q: '' })).toEqual(defaults);
  });

  it('keeps valid values, trims the search and takes the first of repeated keys', () => {
    expect(
      parseQueueFilter({
        status: ['needs_info', 'declined'],
        region: 'almaty_city',
        kind: 'civil',
        ground: 'new_evidence',
        tag: 'land-protests',
        assignee: me.id,
        waiting: '14',
        q: '  Жақсылықов  ',
        sort: 'judgment',
        page: '3',
      }),
    ).toEqual({ status: 'needs_info', region: 'almaty_city', kind: 'civil', ground: 'new_evidence', tag: 'land-protests', assignee: me.id, waiting: 14, q: 'Жақсылықов', sort: 'judgment', page: 3 });
    expect(parseQueueFilter({ status: 'all', assignee: 'none' })).toMatchObject({ status: 'all', assignee: 'none' });
  });
});
