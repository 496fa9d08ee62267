import crypto from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '@/db/client';
import { auditEvents, petitions } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { closePetition, createPetition, openPetition, updatePetition } from '@/lib/petitions/mutations';
import { getPetitionForOrganizer, listPetitionsForOrganizers } from '@/lib/petitions/queries';
import { petitionSchema, type PetitionInput } from '@/lib/validation/petitions';
import { createUser } from '../factories/users';

let org: CurrentUser;
let admin: CurrentUser;
let reviewer: CurrentUser;
let applicant: CurrentUser;

beforeAll(async () => {
  [org, admin, reviewer, applicant] = await Promise.all([
    createUser('organizer', { name: 'Ержан Тоқтаров' }),
    createUser('admin', { name: 'Admin Adminov' }),
    createUser('reviewer', { name: 'Айдана Серікова' }),
    createUser('applicant', { name: 'Заявитель Тестов' }),
  ]);
});

const db = () => getDb();

const BODY_KK = 'Біз Қазақстан Республикасының Президентінен даулы сот үкімдерін қайта қарайтын арнайы комиссия құруды сұраймыз.';
const BODY_RU = 'Мы просим Президента Республики Казахстан создать специальную комиссию по пересмотру спорных судебных решений.';
const BODY_EN = 'We ask the President of the Republic of Kazakhstan to create a special commission to review controversial court rulings.';

const uniqueSlug = (prefix = 'commission') => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

const validInput = (overrides: Partial<PetitionInput> = {}): PetitionInput => ({
  slug: uniqueSlug(),
  titleKk: 'Арнайы комиссия құрылсын',
  titleRu: 'Создать специальную комиссию',
  titleEn: 'Create a special commission',
  bodyKk: BODY_KK,
  bodyRu: BODY_RU,
  bodyEn: BODY_EN,
  addressee: 'Президенту Республики Казахстан',
  signatureGoal: '10 000',
  opensOn: '',
  closesOn: '',
  ...overrides,
});

const petitionRow = async (id: string) => (await db().select().from(petitions).where(eq(petitions.id, id)))[0]!;
const petitionAudit = (id: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordType, 'petition'), eq(auditEvents.recordId, id)))
    .orderBy(asc(auditEvents.id));
const countPetitions = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(petitions))[0]!.n;

async function newPetition(overrides: Partial<PetitionInput> = {}, by: CurrentUser = org) {
  const { id } = await createPetition(db(), by, validInput(overrides));
  return petitionRow(id);
}

/** A petition opened for signatures, as its row after opening. */
async function openedPetition(overrides: Partial<PetitionInput> = {}) {
  const row = await newPetition(overrides);
  await openPetition(db(), org, { petitionId: row.id, version: row.version, isConfirmed: true });
  return petitionRow(row.id);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function expectRefusal(promise: Promise<unknown>, code: AppError['code'], messageKey?: string, field?: string): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (messageKey) expect((error as AppError).messageKey).toBe(messageKey);
  if (field) expect((error as AppError).field).toBe(field);
}

function zodIssues(error: unknown): { path: string; message: string }[] {
  expect(error).toBeInstanceOf(ZodError);
  return (error as ZodError).issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** The issues the form's schema reports for `overrides` on an otherwise valid petition. */
function issuesOf(overrides: Partial<Record<keyof PetitionInput, unknown>>): { path: string; message: string }[] {
  const result = petitionSchema.safeParse({ ...validInput(), ...overrides });
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('creating and editing a draft', () => {
  it('creates a draft with trimmed texts, the goal as a number and the days at 00:00 UTC, audited', async () => {
    const slug = uniqueSlug();
    const { id } = await createPetition(
      db(),
      org,
      validInput({ slug: `  ${slug} `, titleRu: '  Создать специальную комиссию  ', signatureGoal: ' 25 000 ', opensOn: '2026-09-01', closesOn: '2026-12-31' }),
      { ip: '10.0.0.7' },
    );
    const row = await petitionRow(id);
    expect(row).toMatchObject({
      slug,
      status: 'draft',
      titleKk: 'Арнайы комиссия құрылсын',
      titleRu: 'Создать специальную комиссию',
      titleEn: 'Create a special commission',
      bodyKk: BODY_KK,
      bodyRu: BODY_RU,
      bodyEn: BODY_EN,
      addressee: 'Президенту Республики Казахстан',
      signatureGoal: 25_000,
      version: 0,
      createdById: org.id,
    });
    expect(row.opensAt?.toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(row.closesAt?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    const audit = await petitionAudit(id);
    expect(audit).toMatchObject([{ action: 'petition.created', actorId: org.id, data: { slug } }]);
    expect(audit[0]!.actorIpHash).toMatch(/^[0-9a-f]{16,}$/);

    expect(await getPetitionForOrganizer(org, id)).toMatchObject({ id, slug, status: 'draft', version: 0 });
    const listed = (await listPetitionsForOrganizers(org, 1)).rows.find((r) => r.id === id);
    expect(listed).toMatchObject({ slug, status: 'draft', signatureGoal: 25_000 });

    // Without dates, none are stored.
    const undated = await newPetition();
    expect(undated).toMatchObject({ opensAt: null, closesAt: null });
  });

  it('saves a draft, bumping its version, and clears dates left empty', async () => {
    const row = await newPetition({ opensOn: '2026-09-01', closesOn: '2026-12-31' });
    const slug = uniqueSlug('renamed');
    const saved = await updatePetition(db(), org, {
      petitionId: row.id,
      version: 0,
      petition: validInput({ slug, titleEn: 'A special commission, now', signatureGoal: 500, opensOn: '', closesOn: '2027-01-15' }),
    });
    expect(saved).toEqual({ version: 1 });
    const after = await petitionRow(row.id);
    expect(after).toMatchObject({ slug, titleEn: 'A special commission, now', signatureGoal: 500, status: 'draft', version: 1, opensAt: null });
    expect(after.closesAt?.toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
    expect(await petitionAudit(row.id)).toMatchObject([
      { action: 'petition.created', actorId: org.id },
      { action: 'petition.updated', actorId: org.id, data: { slug, previousSlug: row.slug } },
    ]);

    // An admin may edit too, from the version the last save returned.
    expect(await updatePetition(db(), admin, { petitionId: row.id, version: 1, petition: validInput({ slug, addressee: 'Мәжіліс' }) })).toEqual({ version: 2 });
    expect(await petitionRow(row.id)).toMatchObject({ addressee: 'Мәжіліс', version: 2 });
  });

  it('refuses a slug another petition uses, on the slug field, on create and on save', async () => {
    const taken = await newPetition();
    const before = await countPetitions();
    await expectRefusal(createPetition(db(), org, validInput({ slug: taken.slug })), 'VALIDATION', 'petitions.slugTaken', 'slug');
    expect(await countPetitions()).toBe(before);

    const other = await newPetition();
    await expectRefusal(updatePetition(db(), org, { petitionId: other.id, version: 0, petition: validInput({ slug: taken.slug }) }), 'VALIDATION', 'petitions.slugTaken', 'slug');
    expect(await petitionRow(other.id)).toEqual(other);

    // Keeping its own slug is no conflict.
    await updatePetition(db(), org, { petitionId: other.id, version: 0, petition: validInput({ slug: other.slug }) });
    expect((await petitionRow(other.id)).version).toBe(1);
  });

  it('lets only one of two simultaneous creates take a slug', async () => {
    const slug = uniqueSlug('race');
    const results = await Promise.allSettled([createPetition(db(), org, validInput({ slug })), createPetition(db(), admin, validInput({ slug }))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused!.reason).toBeInstanceOf(AppError);
    expect(refused!.reason).toMatchObject({ code: 'VALIDATION', messageKey: 'petitions.slugTaken', field: 'slug' });
    expect((await db().select().from(petitions).where(eq(petitions.slug, slug))).length).toBe(1);
  });

  it('refuses a save, an opening and a closing from a stale page, changing nothing', async () => {
    const row = await newPetition();
    await updatePetition(db(), org, { petitionId: row.id, version: 0, petition: validInput({ slug: row.slug, titleRu: 'Правка первого координатора' }) });
    const current = await petitionRow(row.id);

    await expectRefusal(updatePetition(db(), org, { petitionId: row.id, version: 0, petition: validInput({ slug: row.slug, titleRu: 'Правка второго' }) }), 'CONFLICT', 'petitions.stale');
    await expectRefusal(openPetition(db(), org, { petitionId: row.id, version: 0, isConfirmed: true }), 'CONFLICT', 'petitions.stale');
    expect(await petitionRow(row.id)).toEqual(current);

    await openPetition(db(), org, { petitionId: row.id, version: current.version, isConfirmed: true });
    const opened = await petitionRow(row.id);
    await expectRefusal(closePetition(db(), org, { petitionId: row.id, version: current.version, isConfirmed: true }), 'CONFLICT', 'petitions.stale');
    expect(await petitionRow(row.id)).toEqual(opened);
    expect((await petitionAudit(row.id)).map((e) => e.action)).toEqual(['petition.created', 'petition.updated', 'petition.opened']);
  });

  it('answers NOT_FOUND for an unknown or malformed id, and for a save of an unknown petition', async () => {
    await expectRefusal(getPetitionForOrganizer(org, crypto.randomUUID()), 'NOT_FOUND');
    await expectRefusal(getPetitionForOrganizer(org, 'not-a-uuid'), 'NOT_FOUND');
    await expectRefusal(getPetitionForOrganizer(org, "1' or '1'='1"), 'NOT_FOUND');
    await expectRefusal(updatePetition(db(), org, { petitionId: crypto.randomUUID(), version: 0, petition: validInput() }), 'NOT_FOUND');
    await expectRefusal(openPetition(db(), org, { petitionId: crypto.randomUUID(), version: 0, isConfirmed: true }), 'NOT_FOUND');
  });
});

describe('opening and closing', () => {
  it('opens a draft now when no opening day was set, and closes it now, each audited', async () => {
    const row = await newPetition({ closesOn: '2099-12-31' });
    const beforeOpen = Date.now();
    expect(await openPetition(db(), org, { petitionId: row.id, version: 0, isConfirmed: true }, { ip: '10.0.0.8' })).toEqual({ version: 1 });
    const opened = await petitionRow(row.id);
    expect(opened).toMatchObject({ status: 'open', version: 1 });
    expect(opened.opensAt!.getTime()).toBeGreaterThanOrEqual(beforeOpen - 1000);
    expect(opened.opensAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(opened.closesAt?.toISOString()).toBe('2099-12-31T00:00:00.000Z');

    const beforeClose = Date.now();
    expect(await closePetition(db(), admin, { petitionId: row.id, version: 1, isConfirmed: true })).toEqual({ version: 2 });
    const closed = await petitionRow(row.id);
    expect(closed).toMatchObject({ status: 'closed', version: 2 });
    expect(closed.opensAt).toEqual(opened.opensAt);
    expect(closed.closesAt!.getTime()).toBeGreaterThanOrEqual(beforeClose - 1000);
    expect(closed.closesAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    expect(await petitionAudit(row.id)).toMatchObject([
      { action: 'petition.created', actorId: org.id },
      { action: 'petition.opened', actorId: org.id, data: { from: 'draft', to: 'open' } },
      { action: 'petition.closed', actorId: admin.id, data: { from: 'open', to: 'closed' } },
    ]);
  });

  it('keeps an opening day that was set', async () => {
    const opened = await openedPetition({ opensOn: '2026-03-08' });
    expect(opened.status).toBe('open');
    expect(opened.opensAt?.toISOString()).toBe('2026-03-08T00:00:00.000Z');
  });

  it('refuses to edit an open or closed petition: its text is what people sign', async () => {
    const opened = await openedPetition();
    await expectRefusal(updatePetition(db(), org, { petitionId: opened.id, version: opened.version, petition: validInput({ slug: opened.slug, bodyRu: `${BODY_RU} Изменено.` }) }), 'CONFLICT', 'petitions.notEditable');
    expect(await petitionRow(opened.id)).toEqual(opened);

    await closePetition(db(), org, { petitionId: opened.id, version: opened.version, isConfirmed: true });
    const closed = await petitionRow(opened.id);
    await expectRefusal(updatePetition(db(), admin, { petitionId: opened.id, version: closed.version, petition: validInput({ slug: opened.slug }) }), 'CONFLICT', 'petitions.notEditable');
    expect(await petitionRow(opened.id)).toEqual(closed);
  });

  it('moves only draft → open → closed', async () => {
    const draft = await newPetition();
    await expectRefusal(closePetition(db(), org, { petitionId: draft.id, version: draft.version, isConfirmed: true }), 'CONFLICT', 'petitions.notOpen');
    expect(await petitionRow(draft.id)).toEqual(draft);

    const opened = await openedPetition();
    await expectRefusal(openPetition(db(), org, { petitionId: opened.id, version: opened.version, isConfirmed: true }), 'CONFLICT', 'petitions.notDraft');
    expect(await petitionRow(opened.id)).toEqual(opened);

    await closePetition(db(), org, { petitionId: opened.id, version: opened.version, isConfirmed: true });
    const closed = await petitionRow(opened.id);
    await expectRefusal(openPetition(db(), org, { petitionId: closed.id, version: closed.version, isConfirmed: true }), 'CONFLICT', 'petitions.notDraft');
    await expectRefusal(closePetition(db(), org, { petitionId: closed.id, version: closed.version, isConfirmed: true }), 'CONFLICT', 'petitions.notOpen');
    expect(await petitionRow(closed.id)).toEqual(closed);
    expect((await petitionAudit(closed.id)).map((e) => e.action)).toEqual(['petition.created', 'petition.opened', 'petition.closed']);
  });

  it('refuses to open a petition whose closing day has passed', async () => {
    const row = await newPetition({ opensOn: '2020-01-01', closesOn: '2020-02-01' });
    await expectRefusal(openPetition(db(), org, { petitionId: row.id, version: 0, isConfirmed: true }), 'CONFLICT', 'petitions.closingDatePassed');
    expect(await petitionRow(row.id)).toEqual(row);
  });

  it('needs the explicit confirmation to open or close', async () => {
    const row = await newPetition();
    expect(zodIssues(await rejectionOf(openPetition(db(), org, { petitionId: row.id, version: 0, isConfirmed: false as unknown as true })))).toEqual([
      { path: 'isConfirmed', message: 'validation.confirmPetition' },
    ]);
    const opened = await openedPetition();
    expect(zodIssues(await rejectionOf(closePetition(db(), org, { petitionId: opened.id, version: opened.version, isConfirmed: undefined as unknown as true })))).toEqual([
      { path: 'isConfirmed', message: 'validation.confirmPetition' },
    ]);
    expect(await petitionRow(row.id)).toEqual(row);
    expect(await petitionRow(opened.id)).toEqual(opened);
  });
});

describe('who may manage petitions', () => {
  it('refuses reviewers and applicants (FORBIDDEN) and visitors (UNAUTHENTICATED), changing nothing', async () => {
    const draft = await newPetition();
    const opened = await openedPetition();
    const attempts = (user: CurrentUser | null) => [
      () => listPetitionsForOrganizers(user, 1),
      () => getPetitionForOrganizer(user, draft.id),
      () => createPetition(db(), user, validInput()),
      () => updatePetition(db(), user, { petitionId: draft.id, version: draft.version, petition: validInput({ slug: draft.slug, titleRu: 'Чужая правка' }) }),
      () => openPetition(db(), user, { petitionId: draft.id, version: draft.version, isConfirmed: true }),
      () => closePetition(db(), user, { petitionId: opened.id, version: opened.version, isConfirmed: true }),
    ];
    const before = await countPetitions();
    for (const user of [reviewer, applicant]) for (const attempt of attempts(user)) await expectRefusal(attempt(), 'FORBIDDEN');
    for (const attempt of attempts(null)) await expectRefusal(attempt(), 'UNAUTHENTICATED');
    expect(await countPetitions()).toBe(before);
    expect(await petitionRow(draft.id)).toEqual(draft);
    expect(await petitionRow(opened.id)).toEqual(opened);
    expect((await petitionAudit(draft.id)).map((e) => e.action)).toEqual(['petition.created']);
    expect((await petitionAudit(opened.id)).map((e) => e.action)).toEqual(['petition.created', 'petition.opened']);

    // The same calls succeed for an organizer: the refusals above are about the role alone.
    await updatePetition(db(), org, { petitionId: draft.id, version: draft.version, petition: validInput({ slug: draft.slug }) });
    await closePetition(db(), org, { petitionId: opened.id, version: opened.version, isConfirmed: true });
  });
});

describe('the petition form schema', () => {
  it('accepts a complete petition and coerces the goal', () => {
    const parsed = petitionSchema.parse(validInput({ signatureGoal: '1 000 000', opensOn: '2026-06-01', closesOn: '2026-06-02' }));
    expect(parsed.signatureGoal).toBe(1_000_000);
    expect(petitionSchema.parse(validInput({ signatureGoal: 7 })).signatureGoal).toBe(7);
    expect(petitionSchema.parse(validInput({ signatureGoal: '10000000' })).signatureGoal).toBe(10_000_000);
    expect(petitionSchema.parse(validInput({ slug: 'a1b' })).slug).toBe('a1b');
    expect(petitionSchema.parse(validInput({ slug: 'special-commission-2026' })).slug).toBe('special-commission-2026');
    expect(petitionSchema.parse(validInput({ bodyRu: 'я'.repeat(50) })).bodyRu).toHaveLength(50);
  });

  it('refuses a bad slug', () => {
    for (const slug of ['-commission', 'commission-', 'Commission', 'ab', 'комиссия', 'special commission', 'special_commission', 'a/b/c'])
      expect(issuesOf({ slug }), slug).toEqual([{ path: 'slug', message: 'validation.slugInvalid' }]);
    expect(issuesOf({ slug: 'a'.repeat(81) })).toEqual([{ path: 'slug', message: 'validation.tooLong' }]);
    expect(issuesOf({ slug: '  ' })).toEqual([{ path: 'slug', message: 'validation.required' }]);
  });

  it('refuses short or missing titles and texts, and too long ones', () => {
    expect(issuesOf({ bodyKk: 'қ'.repeat(49) })).toEqual([{ path: 'bodyKk', message: 'validation.petitionTextTooShort' }]);
    // Whitespace does not count towards the minimum.
    expect(issuesOf({ bodyEn: `  ${'e'.repeat(49)}   ` })).toEqual([{ path: 'bodyEn', message: 'validation.petitionTextTooShort' }]);
    expect(issuesOf({ bodyRu: 'я'.repeat(20_001) })).toEqual([{ path: 'bodyRu', message: 'validation.narrativeTooLong' }]);
    expect(issuesOf({ titleRu: 'аб' })).toEqual([{ path: 'titleRu', message: 'validation.petitionTitleTooShort' }]);
    expect(issuesOf({ titleEn: 'x'.repeat(201) })).toEqual([{ path: 'titleEn', message: 'validation.tooLong' }]);
    expect(issuesOf({ titleKk: '', bodyKk: '' })).toEqual([
      { path: 'titleKk', message: 'validation.required' },
      { path: 'bodyKk', message: 'validation.required' },
    ]);
    expect(issuesOf({ addressee: 'ab' })).toEqual([{ path: 'addressee', message: 'validation.addresseeTooShort' }]);
  });

  it('refuses a goal that is not a whole number from 1 to 10,000,000', () => {
    expect(issuesOf({ signatureGoal: '0' })).toEqual([{ path: 'signatureGoal', message: 'validation.goalRange' }]);
    expect(issuesOf({ signatureGoal: 0 })).toEqual([{ path: 'signatureGoal', message: 'validation.goalRange' }]);
    expect(issuesOf({ signatureGoal: '10000001' })).toEqual([{ path: 'signatureGoal', message: 'validation.goalRange' }]);
    expect(issuesOf({ signatureGoal: '1.5' })).toEqual([{ path: 'signatureGoal', message: 'validation.wholeNumber' }]);
    expect(issuesOf({ signatureGoal: '-5' })).toEqual([{ path: 'signatureGoal', message: 'validation.wholeNumber' }]);
    expect(issuesOf({ signatureGoal: 2.5 })).toEqual([{ path: 'signatureGoal', message: 'validation.wholeNumber' }]);
    expect(issuesOf({ signatureGoal: '' })).toEqual([{ path: 'signatureGoal', message: 'validation.required' }]);
    expect(issuesOf({ signatureGoal: undefined })).toEqual([{ path: 'signatureGoal', message: 'validation.required' }]);
  });

  it('refuses unreal dates and a closing day not after the opening day', () => {
    expect(issuesOf({ opensOn: '2026-06-10', closesOn: '2026-06-01' })).toEqual([{ path: 'closesOn', message: 'validation.closesBeforeOpens' }]);
    expect(issuesOf({ opensOn: '2026-06-10', closesOn: '2026-06-10' })).toEqual([{ path: 'closesOn', message: 'validation.closesBeforeOpens' }]);
    expect(issuesOf({ opensOn: '2026-02-30' })).toEqual([{ path: 'opensOn', message: 'validation.dateInvalid' }]);
    expect(issuesOf({ closesOn: '01.06.2026' })).toEqual([{ path: 'closesOn', message: 'validation.dateInvalid' }]);
    // Either day alone is fine, in the past or the future.
    expect(issuesOf({ opensOn: '2020-01-01' })).toEqual([]);
    expect(issuesOf({ closesOn: '2090-01-01' })).toEqual([]);
  });

  it('is enforced by the domain functions themselves, storing nothing', async () => {
    const before = await countPetitions();
    const refused = await rejectionOf(createPetition(db(), org, validInput({ slug: '-bad-', bodyRu: 'Коротко.', signatureGoal: '0', opensOn: '2026-06-10', closesOn: '2026-06-01' })));
    expect(zodIssues(refused)).toEqual([
      { path: 'slug', message: 'validation.slugInvalid' },
      { path: 'bodyRu', message: 'validation.petitionTextTooShort' },
      { path: 'signatureGoal', message: 'validation.goalRange' },
      { path: 'closesOn', message: 'validation.closesBeforeOpens' },
    ]);
    expect(await countPetitions()).toBe(before);

    const draft = await newPetition();
    expect(zodIssues(await rejectionOf(updatePetition(db(), org, { petitionId: draft.id, version: 0, petition: validInput({ slug: draft.slug, titleEn: 'x' }) })))).toEqual([
      { path: 'petition.titleEn', message: 'validation.petitionTitleTooShort' },
    ]);
    expect(await petitionRow(draft.id)).toEqual(draft);
  });
});
