import { bigint, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { cases, tags } from './cases';
import { documentKindEnum, documents } from './documents';
import { regions } from './reference';
import { localeEnum, users } from './users';

export const bundleStatusEnum = pgEnum('bundle_status', ['draft', 'finalized', 'submitted', 'answered']);
export const bundleAddresseeEnum = pgEnum('bundle_addressee', ['prosecutor_general', 'regional_prosecutor']);
export const protestOutcomeEnum = pgEnum('protest_outcome', ['protest_brought', 'protest_refused']);
export const exportFormatEnum = pgEnum('export_format', ['pdf', 'docx', 'zip', 'csv']);
export const exportStatusEnum = pgEnum('export_status', ['running', 'done', 'failed']);
export const bundleAttachmentPurposeEnum = pgEnum('bundle_attachment_purpose', ['stamped_cover', 'answer']);

/** What a finalized bundle froze: the petition's text and each case's facts as they were. */
export type BundleSnapshot = {
  title: string;
  addressee: 'prosecutor_general' | 'regional_prosecutor';
  addresseeRegionCode: string | null;
  language: 'kk' | 'ru' | 'en';
  coverLetter: string;
  finalizedAt: string;
  cases: {
    caseId: string;
    reference: string;
    position: number;
    summary: string;
    personName: string;
    courtName: string;
    caseNumber: string;
    judgmentDate: string | null;
    articles: string[];
    sentence: string;
    grounds: string[];
    regionCode: string | null;
    kind: string | null;
  }[];
};

/** A request for a prosecutorial protest: ordered accepted cases and a cover letter. */
export const bundles = pgTable(
  'bundles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    addressee: bundleAddresseeEnum('addressee').notNull().default('prosecutor_general'),
    addresseeRegionCode: text('addressee_region_code').references(() => regions.code),
    themeTagId: uuid('theme_tag_id').references(() => tags.id, { onDelete: 'set null' }),
    language: localeEnum('language').notNull().default('ru'),
    coverLetter: text('cover_letter').notNull().default(''),
    status: bundleStatusEnum('status').notNull().default('draft'),
    /** Bumped on every change: a save from a stale page is refused. */
    version: integer('version').notNull().default(0),
    snapshot: jsonb('snapshot').$type<BundleSnapshot>(),
    /** SHA-256 of the canonical manifest (every document's path, size and hash), set on finalizing. */
    manifestSha256: text('manifest_sha256'),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }),
    finalizedById: uuid('finalized_by_id').references(() => users.id),
    submittedOn: date('submitted_on'),
    registryNumber: text('registry_number'),
    /** The scan of the cover letter with the prosecutor's office stamp. */
    stampedCoverId: uuid('stamped_cover_id').references((): AnyPgColumn => bundleAttachments.id),
    answeredOn: date('answered_on'),
    /** The prosecutor's reply document. */
    answerId: uuid('answer_id').references((): AnyPgColumn => bundleAttachments.id),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bundles_status_idx').on(t.status, t.updatedAt), index('bundles_updated_idx').on(t.updatedAt)],
);

/** A case in a bundle. A case belongs to at most one bundle (the unique index on case_id). */
export const bundleCases = pgTable(
  'bundle_cases',
  {
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => bundles.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    position: integer('position').notNull(),
    /** The case's summary for the petition, prefilled from the case and edited by the organizer. */
    summary: text('summary').notNull().default(''),
    outcome: protestOutcomeEnum('outcome'),
    outcomeNote: text('outcome_note'),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.caseId] }), uniqueIndex('bundle_cases_case_idx').on(t.caseId), index('bundle_cases_position_idx').on(t.bundleId, t.position)],
);

/** The exact document versions a finalized bundle contains, with their path in the ZIP. */
export const bundleDocuments = pgTable(
  'bundle_documents',
  {
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => bundles.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    path: text('path').notNull(),
    kind: documentKindEnum('kind').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.documentId] }), index('bundle_documents_order_idx').on(t.bundleId, t.position)],
);

/** Every export of a finalized bundle: who, when, which format, and the SHA-256 of what was produced. */
export const bundleExports = pgTable(
  'bundle_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => bundles.id, { onDelete: 'cascade' }),
    format: exportFormatEnum('format').notNull(),
    /** A ZIP streams for a while: running until its last byte went out (the page shows the progress). */
    status: exportStatusEnum('status').notNull().default('done'),
    /** Set when done: the SHA-256 of exactly what was sent. */
    sha256: text('sha256'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    bytesSent: bigint('bytes_sent', { mode: 'number' }).notNull().default(0),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bundle_exports_bundle_idx').on(t.bundleId, t.createdAt)],
);

/**
 * The petition of a finalized bundle, rendered once (PDF and DOCX, stored encrypted like
 * documents): the frozen content never changes, so every export sends the same bytes, and a
 * ZIP knows every entry's size before its first byte.
 */
export const bundlePetitions = pgTable('bundle_petitions', {
  bundleId: uuid('bundle_id')
    .primaryKey()
    .references(() => bundles.id, { onDelete: 'cascade' }),
  pdfKey: text('pdf_key').notNull(),
  pdfSha256: text('pdf_sha256').notNull(),
  pdfSizeBytes: bigint('pdf_size_bytes', { mode: 'number' }).notNull(),
  docxKey: text('docx_key').notNull(),
  docxSha256: text('docx_sha256').notNull(),
  docxSizeBytes: bigint('docx_size_bytes', { mode: 'number' }).notNull(),
  renderedAt: timestamp('rendered_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Files of the bundle itself (not of a case): the stamped cover letter and the prosecutor's
 * reply. Uploaded first, then named by the submission or the answer.
 */
export const bundleAttachments = pgTable(
  'bundle_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => bundles.id, { onDelete: 'cascade' }),
    purpose: bundleAttachmentPurposeEnum('purpose').notNull(),
    originalName: text('original_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedById: uuid('uploaded_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bundle_attachments_bundle_idx').on(t.bundleId, t.createdAt)],
);

export type Bundle = typeof bundles.$inferSelect;
export type BundleAttachment = typeof bundleAttachments.$inferSelect;
export type BundleAttachmentPurpose = (typeof bundleAttachmentPurposeEnum.enumValues)[number];
export type BundleStatus = (typeof bundleStatusEnum.enumValues)[number];
