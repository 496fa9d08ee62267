import type { DbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';
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
