import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { users } from './users';

export const assignmentRoleEnum = pgEnum('assignment_role', ['primary', 'second']);
export const assessmentStatusEnum = pgEnum('assessment_status', ['draft', 'submitted']);
export const recommendationEnum = pgEnum('recommendation', ['accept', 'decline', 'request_info']);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('messages_case_idx').on(t.caseId, t.createdAt)],
);

/** When each user last read a case's message thread: the unread badge counts others' messages after it. */
export const caseReads = pgTable(
  'case_reads',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.caseId] })],
);

/** Internal notes: staff only, never shown to the applicant. */
export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notes_case_idx').on(t.caseId, t.createdAt)],
);

export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    role: assignmentRoleEnum('role').notNull().default('primary'),
    hasNoConflict: boolean('has_no_conflict').notNull(),
    conflictComment: text('conflict_comment'),
    assignedById: uuid('assigned_by_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    index('assignments_case_idx').on(t.caseId),
    index('assignments_reviewer_idx').on(t.reviewerId, t.releasedAt),
    // At most one open assignment per case and role: of two simultaneous claims, one fails here.
    uniqueIndex('assignments_open_idx').on(t.caseId, t.role).where(sql`released_at is null`),
  ],
);

export type CriterionScore = { score: number; comment: string; citation?: { documentId: string; page: number } };

export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    status: assessmentStatusEnum('status').notNull().default('draft'),
    scores: jsonb('scores').$type<Record<string, CriterionScore>>().notNull().default({}),
    strengthScore: integer('strength_score').notNull().default(0),
    recommendation: recommendationEnum('recommendation'),
    rationale: text('rationale'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    index('assessments_case_idx').on(t.caseId, t.submittedAt),
    // One draft per reviewer and case: saving again updates it.
    uniqueIndex('assessments_draft_idx').on(t.caseId, t.reviewerId).where(sql`status = 'draft'`),
  ],
);
