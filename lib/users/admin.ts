import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { users, type User } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { endAllSessions } from '@/lib/auth/sessions';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { AppError } from '@/lib/errors';
import { changeRoleSchema } from '@/lib/validation/accounts';
import { userIdSchema, type UserIdInput } from '@/lib/validation/staff';
import type { z } from 'zod';

/*
 * Staff administration: role changes, disabling and re-enabling accounts, ending sessions.
 * Each change takes effect on the person's very next request (lib/auth/sessions.ts) and is
 * audited in its own transaction.
 */

export type RequestContext = { ip?: string | null };

/**
 * Locks every enabled admin, always in id order, then the target. Two admins demoting or
 * disabling each other at once queue on the same first lock instead of deadlocking, and the
 * second sees the first's change when its turn comes (READ COMMITTED re-reads a locked row).
 */
async function lockForChange(tx: Tx, userId: string): Promise<{ target: User; adminIds: string[] }> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
  const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!target || target.deletedAt) throw new AppError('NOT_FOUND');
  return { target, adminIds: admins.map((a) => a.id) };
}

/**
 * The one last-admin rule: a change that takes `target` out of the enabled admins is refused
 * when no other enabled admin remains. Callers hold the locks from lockForChange.
 */
function assertNotLastAdmin(target: User, adminIds: string[], field?: string): void {
  const isEnabledAdmin = target.role === 'admin' && !target.disabledAt;
  if (isEnabledAdmin && !adminIds.some((id) => id !== target.id)) throw new AppError('CONFLICT', 'admin.lastAdmin', field);
}

/** An admin changes a role. The last admin cannot be demoted. Signs the user out everywhere. */
export async function changeUserRole(db: Db, actor: CurrentUser | null, input: z.input<typeof changeRoleSchema>, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, 'user.manage');
  const { userId, role } = changeRoleSchema.parse(input);
  await db.transaction(async (tx) => {
    const { target, adminIds } = await lockForChange(tx, userId);
    if (target.role === role) return;
    if (role !== 'admin') assertNotLastAdmin(target, adminIds, 'role');
    await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
    // Their pages and permissions change: every session starts over with the new role.
    await endAllSessions(tx, userId);
    await recordAudit(tx, {
      actorId: actor.id,
      ip: ctx.ip,
      action: 'user.role_changed',
      recordType: 'user',
      recordId: userId,
      data: { from: target.role, to: role },
    });
  });
}

/**
 * Disables an account: it can no longer sign in, and its sessions stop at their next request.
 * Nobody disables themselves (they would lock themselves out mid-click), nor the last admin.
 */
export async function disableUser(db: Db, actor: CurrentUser | null, input: UserIdInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, 'user.manage');
  const { userId } = userIdSchema.parse(input);
  if (userId === actor.id) throw new AppError('CONFLICT', 'admin.cannotDisableSelf');
  await db.transaction(async (tx) => {
    const { target, adminIds } = await lockForChange(tx, userId);
    if (target.disabledAt) return;
    assertNotLastAdmin(target, adminIds);
    await tx.update(users).set({ disabledAt: new Date(), updatedAt: new Date() }).where(eq(users.id, userId));
    await endAllSessions(tx, userId);
    await recordAudit(tx, { actorId: actor.id, ip: ctx.ip, action: 'user.disabled', recordType: 'user', recordId: userId, data: { role: target.role } });
  });
}

/** Re-enables a disabled account; they sign in again as before (no session survives disabling). */
export async function enableUser(db: Db, actor: CurrentUser | null, input: UserIdInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, 'user.manage');
  const { userId } = userIdSchema.parse(input);
  await db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!target || target.deletedAt) throw new AppError('NOT_FOUND');
    if (!target.disabledAt) return;
    await tx.update(users).set({ disabledAt: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, { actorId: actor.id, ip: ctx.ip, action: 'user.enabled', recordType: 'user', recordId: userId, data: { role: target.role } });
  });
}

/** Ends every session of a user now (a lost phone, a shared computer); they can sign in again. */
export async function endUserSessions(db: Db, actor: CurrentUser | null, input: UserIdInput, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, 'user.manage');
  const { userId } = userIdSchema.parse(input);
  await db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId)).for('update');
    if (!target || target.deletedAt) throw new AppError('NOT_FOUND');
    await endAllSessions(tx, userId);
    await recordAudit(tx, { actorId: actor.id, ip: ctx.ip, action: 'user.sessions_ended', recordType: 'user', recordId: userId });
  });
}
