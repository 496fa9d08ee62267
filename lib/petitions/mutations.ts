import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { petitions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import {
  createPetitionSchema,
  petitionStatusChangeSchema,
  updatePetitionSchema,
  type CreatePetitionInput,
  type PetitionData,
  type PetitionStatusChangeInput,
  type UpdatePetitionInput,
} from '@/lib/validation/petitions';
import { dayToTimestamp, signingEndsAt } from './dates';

type RequestContext = { ip?: string | null };

export type Saved = { version: number };

function petitionColumns(data: PetitionData) {
  return {
    slug: data.slug,
    titleKk: data.titleKk,
    titleRu: data.titleRu,
    titleEn: data.titleEn,
    bodyKk: data.bodyKk,
    bodyRu: data.bodyRu,
    bodyEn: data.bodyEn,
    addressee: data.addressee,
    signatureGoal: data.signatureGoal,
    opensAt: dayToTimestamp(data.opensOn),
    closesAt: dayToTimestamp(data.closesOn),
  };
}

const slugTaken = () => new AppError('VALIDATION', 'petitions.slugTaken', 'slug');

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** The slug is the public address: one petition each, checked first so the form can say so. */
async function assertSlugFree(tx: Tx, slug: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: petitions.id })
    .from(petitions)
    .where(exceptId ? and(eq(petitions.slug, slug), ne(petitions.id, exceptId)) : eq(petitions.slug, slug));
  if (taken) throw slugTaken();
}

/** Two saves of one slug at once pass the check; the unique index decides, with the same message. */
async function slugRace<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/** Starts a petition as a draft: nobody outside sees it until it is opened. */
export async function createPetition(db: Db, user: CurrentUser | null, input: CreatePetitionInput, ctx: RequestContext = {}): Promise<{ id: string }> {
  assertCan(user, 'petition.manage');
  const data = createPetitionSchema.parse(input);
  return slugRace(
    db.transaction(async (tx) => {
      await assertSlugFree(tx, data.slug);
      const [row] = await tx
        .insert(petitions)
        .values({ ...petitionColumns(data), status: 'draft', createdById: user.id })
        .returning({ id: petitions.id });
      await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'petition.created', recordType: 'petition', recordId: row!.id, data: { slug: data.slug } });
      return { id: row!.id };
    }),
  );
}

type Petition = typeof petitions.$inferSelect;

/**
 * Locks a petition in `status` for a change from the page at `version`. The wrong status is named
 * first (it says what happened); a save from a page rendered before someone else's change is
 * refused rather than silently overwriting it.
 */
async function lockPetition(tx: Tx, petitionId: string, version: number, status: Petition['status'], wrongStatusKey: string): Promise<Petition> {
  const [row] = await tx.select().from(petitions).where(eq(petitions.id, petitionId)).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status !== status) throw new AppError('CONFLICT', wrongStatusKey);
  if (row.version !== version) throw new AppError('CONFLICT', 'petitions.stale');
  return row;
}

async function touch(tx: Tx, petitionId: string, set: Partial<typeof petitions.$inferInsert>): Promise<Saved> {
  const [row] = await tx
    .update(petitions)
    .set({ ...set, version: sql`${petitions.version} + 1`, updatedAt: new Date() })
    .where(eq(petitions.id, petitionId))
    .returning({ version: petitions.version });
  return { version: row!.version };
}

/**
 * Saves a draft's text and settings. Once open, the text is what people sign, so it can no
 * longer change (whatever the route).
 */
export async function updatePetition(db: Db, user: CurrentUser | null, input: UpdatePetitionInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'petition.manage');
  const data = updatePetitionSchema.parse(input);
  return slugRace(
    db.transaction(async (tx) => {
      const row = await lockPetition(tx, data.petitionId, data.version, 'draft', 'petitions.notEditable');
      await assertSlugFree(tx, data.petition.slug, row.id);
      const saved = await touch(tx, row.id, petitionColumns(data.petition));
      await recordAudit(tx, {
        actorId: user.id,
        ip: ctx.ip,
        action: 'petition.updated',
        recordType: 'petition',
        recordId: row.id,
        data: row.slug === data.petition.slug ? {} : { slug: data.petition.slug, previousSlug: row.slug },
      });
      return saved;
    }),
  );
}

/**
 * Opens a draft for signatures. Without an opening day it opens now; a closing day already past
 * would open a petition nobody can sign, so that is refused.
 */
export async function openPetition(db: Db, user: CurrentUser | null, input: PetitionStatusChangeInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'petition.manage');
  const data = petitionStatusChangeSchema.parse(input);
  return db.transaction(async (tx) => {
    const row = await lockPetition(tx, data.petitionId, data.version, 'draft', 'petitions.notDraft');
    const now = new Date();
    if (row.closesAt && signingEndsAt(row.closesAt) <= now) throw new AppError('CONFLICT', 'petitions.closingDatePassed');
    const saved = await touch(tx, row.id, { status: 'open', opensAt: row.opensAt ?? now });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'petition.opened', recordType: 'petition', recordId: row.id, data: { from: 'draft', to: 'open' } });
    return saved;
  });
}

/** Closes an open petition now: it stops taking signatures, and its closing date becomes today's moment. */
export async function closePetition(db: Db, user: CurrentUser | null, input: PetitionStatusChangeInput, ctx: RequestContext = {}): Promise<Saved> {
  assertCan(user, 'petition.manage');
  const data = petitionStatusChangeSchema.parse(input);
  return db.transaction(async (tx) => {
    const row = await lockPetition(tx, data.petitionId, data.version, 'open', 'petitions.notOpen');
    const saved = await touch(tx, row.id, { status: 'closed', closesAt: new Date() });
    await recordAudit(tx, { actorId: user.id, ip: ctx.ip, action: 'petition.closed', recordType: 'petition', recordId: row.id, data: { from: 'open', to: 'closed' } });
    return saved;
  });
}
