import 'server-only';
import { and, asc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users, userSessions } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';
import type { UserFilter } from '@/lib/validation/staff';

export type UserRow = Pick<typeof users.$inferSelect, 'id' | 'name' | 'email' | 'role' | 'emailVerifiedAt' | 'disabledAt' | 'createdAt'> & {
  hasTwoFactor: boolean;
  lastSignInAt: Date | null;
};

const likeEscaped = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of accounts, filtered by role, status and a text over name and e-mail. Staff first
 * (admins, organizers, reviewers), then applicants; alphabetical within a role. Accounts deleted
 * at their owner's request (anonymized) are left out.
 */
export async function listUsers(user: CurrentUser | null, filterOrPage: Partial<UserFilter> | number = {}): Promise<Page<UserRow>> {
  assertCan(user, 'user.manage');
  const filter = typeof filterOrPage === 'number' ? { page: filterOrPage } : filterOrPage;
  const page = filter.page ?? 1;
  const conditions: SQL[] = [isNull(users.deletedAt)];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.status === 'active') conditions.push(isNull(users.disabledAt));
  if (filter.status === 'disabled') conditions.push(isNotNull(users.disabledAt));
  if (filter.q) {
    const pattern = likeEscaped(filter.q);
    conditions.push(sql`(lower(${users.name}) like ${pattern} or lower(${users.email}) like ${pattern})`);
  }
  const rows = await getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      hasTwoFactor: sql<boolean>`${users.totpEnabledAt} is not null`,
      // One index lookup per listed user (user_sessions_user_idx): every sign-in starts a session.
      // Spelled out: drizzle leaves columns unqualified in a one-table select, and "id" would mean the session's.
      lastSignInAt: sql<Date | null>`(select max(s.created_at) from user_sessions s where s.user_id = users.id)`.mapWith(userSessions.createdAt),
      total: sql<number>`count(*) over ()::int`,
    })
    .from(users)
    .where(and(...conditions))
    .orderBy(sql`array_position(array['admin','organizer','reviewer','applicant']::role[], ${users.role})`, asc(users.name), asc(users.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return pageOf(rows, rows[0]?.total ?? 0, page);
}
