import { getDb, type DbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { isAppError } from '@/lib/errors';
import { hashIp } from '@/lib/secrets';

export type AuditInput = {
  actorId?: string | null;
  ip?: string | null;
  action: string;
  recordType?: string;
  recordId?: string;
  /** Never passwords, tokens or document contents. */
  data?: Record<string, unknown>;
};

/** Appends an audit event; call it inside the transaction of the change it records. */
export async function recordAudit(db: DbOrTx, event: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: event.actorId ?? null,
    actorIpHash: hashIp(event.ip),
    action: event.action,
    recordType: event.recordType,
    recordId: event.recordId,
    data: event.data ?? {},
  });
}

/**
 * Audits a refused request (a missing permission); NOT_FOUND hides others' records and is not an
 * attempt worth recording. Never fails the request it reports on.
 */
export async function recordDenial(actorId: string | null | undefined, ip: string | null | undefined, error: unknown, db: DbOrTx = getDb()): Promise<void> {
  if (!isAppError(error) || !error.permission || error.code === 'NOT_FOUND') return;
  await recordAudit(db, { actorId, ip, action: 'access.denied', data: { permission: error.permission } }).catch(() => undefined);
}
