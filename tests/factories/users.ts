import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { hashPassword } from '@/lib/auth/passwords';
import type { CurrentUser } from '@/lib/authz';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A verified user of `role`, as the app's session would see them. */
export async function createUser(role: Role = 'applicant', overrides: Partial<typeof users.$inferInsert> = {}): Promise<CurrentUser> {
  const [row] = await getDb()
    .insert(users)
    .values({
      email: `${role}-${crypto.randomBytes(4).toString('hex')}@example.kz`,
      name: `Test ${role}`,
      role,
      locale: 'ru',
      passwordHash: await hashPassword(TEST_PASSWORD),
      emailVerifiedAt: new Date(),
      ...overrides,
    })
    .returning();
  return { id: row!.id, email: row!.email, name: row!.name, role: row!.role, locale: row!.locale };
}
