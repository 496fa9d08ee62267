import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { petitions } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { isUuid } from '@/lib/validation/ids';
import { AppError } from '@/lib/errors';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';

export type PetitionRow = Pick<typeof petitions.$inferSelect, 'id' | 'slug' | 'status' | 'titleKk' | 'titleRu' | 'titleEn' | 'signatureGoal' | 'updatedAt'>;

export async function listPetitionsForOrganizers(user: CurrentUser | null, page: number): Promise<Page<PetitionRow>> {
  assertCan(user, 'petition.manage');
  const rows = await getDb()
    .select({
      id: petitions.id,
      slug: petitions.slug,
      status: petitions.status,
      titleKk: petitions.titleKk,
      titleRu: petitions.titleRu,
      titleEn: petitions.titleEn,
      signatureGoal: petitions.signatureGoal,
      updatedAt: petitions.updatedAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(petitions)
    .orderBy(desc(petitions.updatedAt))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}

export type OrganizerPetition = typeof petitions.$inferSelect;

/** One petition in any status, for its organizer page. A malformed id is simply not found. */
export async function getPetitionForOrganizer(user: CurrentUser | null, petitionId: string, db: Db = getDb()): Promise<OrganizerPetition> {
  assertCan(user, 'petition.manage');
  if (!isUuid(petitionId)) throw new AppError('NOT_FOUND');
  const [row] = await db.select().from(petitions).where(eq(petitions.id, petitionId));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}
