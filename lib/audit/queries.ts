import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { assertCan, type CurrentUser } from '@/lib/authz';
import { PAGE_SIZE, pageOf, type Page } from '@/lib/pagination';

export type AuditRow = {
  id: number;
  createdAt: Date;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  recordType: string | null;
  recordId: string | null;
};

export async function listAuditEvents(user: CurrentUser | null, page: number): Promise<Page<AuditRow>> {
  assertCan(user, 'audit.view');
  const db = getDb();
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        createdAt: auditEvents.createdAt,
        action: auditEvents.action,
        actorName: users.name,
        actorEmail: users.email,
        recordType: auditEvents.recordType,
        recordId: auditEvents.recordId,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .orderBy(desc(auditEvents.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    // An estimate would do for a huge log; an exact count is cheap at this size.
    db.select({ n: sql<number>`count(*)::int` }).from(auditEvents),
  ]);
  return pageOf(rows, count?.n ?? 0, page);
}
