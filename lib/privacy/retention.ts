// No 'server-only' here: lib/boot.ts (instrumentation) starts the maintenance that uses this module.
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '@/db/client';
import { caseEvents, cases, settings, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { DEFAULT_DECLINED_RETENTION_DAYS, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS, retentionSettingsSchema, type RetentionSettingsInput } from '@/lib/validation/privacy';
import { isLegalRecord, unsafeEraseCases } from './erase';

/** The settings row holding how many days declined cases are kept after the decision. */
export const DECLINED_RETENTION_KEY = 'retention.declined_days';
const DAY_MS = 86_400_000;

const isValidDays = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= RETENTION_MIN_DAYS && value <= RETENTION_MAX_DAYS;

/** How long declined cases are kept: the admin's setting, or two years when unset (or unreadable). */
export async function declinedRetentionDays(db: DbOrTx = getDb()): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, DECLINED_RETENTION_KEY));
  return isValidDays(row?.value) ? row.value : DEFAULT_DECLINED_RETENTION_DAYS;
}

export type PrivacySettings = { declinedDays: number; isDefault: boolean; updatedAt: Date | null; updatedByName: string | null };

/** The privacy settings for the admin's page. */
export async function loadPrivacySettings(user: CurrentUser | null, db: Db = getDb()): Promise<PrivacySettings> {
  assertCan(user, 'settings.manage');
  const [row] = await db
    .select({ value: settings.value, updatedAt: settings.updatedAt, updatedByName: users.name })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedById))
    .where(eq(settings.key, DECLINED_RETENTION_KEY));
  const isSet = isValidDays(row?.value);
  return {
    declinedDays: isSet ? (row!.value as number) : DEFAULT_DECLINED_RETENTION_DAYS,
    isDefault: !isSet,
    updatedAt: row?.updatedAt ?? null,
    updatedByName: row?.updatedByName ?? null,
  };
}

/** An admin changes how long declined cases are kept; audited with the old and new values. */
export async function updatePrivacySettings(db: Db, user: CurrentUser | null, input: RetentionSettingsInput, ctx: { ip?: string | null } = {}): Promise<{ declinedDays: number }> {
  assertCan(user, 'settings.manage');
  const { declinedDays } = retentionSettingsSchema.parse(input);
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, DECLINED_RETENTION_KEY)).for('update');
    const previous = isValidDays(current?.value) ? current.value : DEFAULT_DECLINED_RETENTION_DAYS;
    const now = new Date();
    await tx
      .insert(settings)
      .values({ key: DECLINED_RETENTION_KEY, value: declinedDays, updatedById: user.id, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: declinedDays, updatedById: user.id, updatedAt: now } });
    await recordAudit(tx, {
      actorId: user.id,
      ip: ctx.ip,
      action: 'settings.changed',
      recordType: 'setting',
      recordId: DECLINED_RETENTION_KEY,
      data: { from: previous, to: declinedDays },
    });
    return { declinedDays };
  });
}

/**
 * When a declined case was declined: its last move to `declined`, or its last change for a row
 * without that event (older data).
 */
const declinedAt = sql`coalesce((select max(e.created_at) from ${caseEvents} e where e.case_id = "cases"."id" and e.to_status = 'declined'), ${cases.updatedAt})`;

/**
 * Erases up to `limit` declined cases whose decision is older than the retention setting, with
 * their documents, inside the caller's transaction; returns the storage keys to remove after it
 * commits. Each erasure is audited without personal data (case id, status, the setting).
 */
export async function eraseExpiredDeclinedCases(tx: DbOrTx, now: Date, limit: number): Promise<{ erased: number; storageKeys: string[] }> {
  const days = await declinedRetentionDays(tx);
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const expired = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.status, 'declined'), sql`${declinedAt} < ${cutoff.toISOString()}::timestamptz`, sql`not ${isLegalRecord}`))
    .orderBy(cases.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  const ids = expired.map((c) => c.id);
  const storageKeys = await unsafeEraseCases(tx, ids, { actorId: null, reason: 'retention', data: { retentionDays: days } });
  return { erased: ids.length, storageKeys };
}
