import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { encryptTotpSecret, newTotpSecret } from '@/lib/auth/totp';
import { startSession } from '@/lib/auth/sessions';
import { createUser } from '../../factories/users';
import { request, type SessionClaims } from './next-mocks';

/** The six callers every rule is tried with (issue 7's authorization matrix). */
export const ACTORS = ['anonymous', 'applicant', 'otherApplicant', 'reviewer', 'organizer', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export type Person = { id: string; email: string; name: string; role: Role; claims: SessionClaims; totpSecret: string | null };

/**
 * The people of a test file. `applicant` owns the cases the ids point at; `otherApplicant` is
 * someone else trying them. Two more staff stand behind the scenes: `reviewer2` holds or
 * recommended cases, `organizer2` created the bundles and petitions, so nobody acts only on
 * records of their own.
 */
export type World = Record<Exclude<Actor, 'anonymous'> | 'reviewer2' | 'organizer2', Person>;

/**
 * A verified user with a live session row; staff come enrolled in two-factor sign-in (required
 * for every staff role), as the seeded demo accounts do.
 */
export async function createPerson(role: Role, overrides: Partial<typeof users.$inferInsert> = {}): Promise<Person> {
  const isStaff = role !== 'applicant';
  const totpSecret = isStaff ? newTotpSecret() : null;
  const user = await createUser(role, {
    ...(totpSecret ? { totpSecret: encryptTotpSecret(totpSecret), totpEnabledAt: new Date() } : {}),
    ...overrides,
  });
  const [row] = await getDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, user.id));
  const sid = await startSession(getDb(), user.id, '198.51.100.1');
  return { id: user.id, email: user.email, name: user.name, role, claims: { uid: user.id, sv: row!.sv, sid, role }, totpSecret };
}

export async function seedWorld(): Promise<World> {
  const [applicant, otherApplicant, reviewer, organizer, admin, reviewer2, organizer2] = await Promise.all([
    createPerson('applicant'),
    createPerson('applicant'),
    createPerson('reviewer'),
    createPerson('organizer'),
    createPerson('admin'),
    createPerson('reviewer'),
    createPerson('organizer'),
  ]);
  return { applicant: applicant!, otherApplicant: otherApplicant!, reviewer: reviewer!, organizer: organizer!, admin: admin!, reviewer2: reviewer2!, organizer2: organizer2! };
}

/** The person behind an actor, or null for a visitor. */
export const personOf = (world: World, actor: Actor): Person | null => (actor === 'anonymous' ? null : world[actor]);

/** Makes the next requests come from `actor` (their session token's claims). */
export function actAs(world: World, actor: Actor): Person | null {
  const person = personOf(world, actor);
  request.claims = person ? { ...person.claims } : null;
  return person;
}

/** Makes the next requests come from `person` (or a visitor). */
export function actAsPerson(person: Person | null): void {
  request.claims = person ? { ...person.claims } : null;
}
