import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { hashPassword } from '@/lib/auth/passwords';
import { encryptTotpSecret } from '@/lib/auth/totp';
import type { CurrentUser } from '@/lib/authz';

export const TEST_PASSWORD = 'correct horse battery staple';
/** The two-factor secret of every staff user the factory makes (compute codes with currentTotp). */
export const TEST_TOTP_SECRET = 'NRCQZ6P2WENY2OEW5JU3AFPHIWOBFWP7';

/**
 * A verified user of `role`, as the app's session would see them. Staff come enrolled in
 * two-factor sign-in (TEST_TOTP_SECRET), as the app requires of them; pass
 * `{ totpSecret: null, totpEnabledAt: null }` for a staff account that has not enrolled yet.
 */
export async function createUser(role: Role = 'applicant', overrides: Partial<typeof users.$inferInsert> = {}): Promise<CurrentUser> {
  const isStaff = role !== 'applicant';
  const [row] = await getDb()
    .insert(users)
    .values({
      email: `${role}-${crypto.randomBytes(4).toString('hex')}@example.kz`,
      name: `Test ${role}`,
      role,
      locale: 'ru',
      passwordHash: await hashPassword(TEST_PASSWORD),
      emailVerifiedAt: new Date(),
      ...(isStaff && { totpSecret: encryptTotpSecret(TEST_TOTP_SECRET), totpEnabledAt: new Date() }),
      ...overrides,
    })
    .returning();
  return { id: row!.id, email: row!.email, name: row!.name, role: row!.role, locale: row!.locale, twoFactor: row!.totpEnabledAt !== null };
}
