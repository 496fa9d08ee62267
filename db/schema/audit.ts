import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** Append-only record of security-relevant actions. Never holds passwords, tokens or document contents. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** Keyed hash of the client address, for anonymous actors and abuse tracing. */
    actorIpHash: text('actor_ip_hash'),
    action: text('action').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Tamper evidence: the hash of the previous event and this event's own SHA-256 over it and its
     * fields, both set by a database trigger (migration 0009) that also rejects UPDATE and DELETE.
     */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_created_idx').on(t.createdAt),
    index('audit_events_actor_idx').on(t.actorId, t.createdAt),
    index('audit_events_record_idx').on(t.recordType, t.recordId),
    index('audit_events_action_idx').on(t.action, t.createdAt),
  ],
);
