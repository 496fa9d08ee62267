import 'server-only';
import { desc, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { petitions } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
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
