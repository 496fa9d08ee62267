import 'server-only';
import { asc, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';

export type UserRow = Pick<typeof users.$inferSelect, 'id' | 'name' | 'email' | 'role' | 'emailVerifiedAt' | 'disabledAt' | 'createdAt'>;

/** Staff first (admins, organizers, reviewers), then applicants; alphabetical within a role. */
export async function listUsers(user: CurrentUser | null, page: number): Promise<Page<UserRow>> {
  assertCan(user, 'user.manage');
  const rows = await getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(users)
    .orderBy(sql`array_position(array['admin','organizer','reviewer','applicant']::role[], ${users.role})`, asc(users.name), asc(users.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}
