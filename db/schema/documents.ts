import { bigint, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { users } from './users';

export const documentKindEnum = pgEnum('document_kind', [
  'judgment',
  'appellate_ruling',
  'cassation_ruling',
  'complaint',
  'evidence',
  'power_of_attorney',
  'other',
]);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    kind: documentKindEnum('kind').notNull(),
    originalName: text('original_name').notNull(),
    /** Detected from the file's bytes, never from its name. */
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** SHA-256 of the plaintext, hex. */
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploaderId: uuid('uploader_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_case_idx').on(t.caseId, t.createdAt)],
);

export type DocumentKind = (typeof documentKindEnum.enumValues)[number];
