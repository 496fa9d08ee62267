import { integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Reference data, filled from lib/reference/data.ts by the migrate step (an idempotent upsert),
 * so that SQL reports and foreign keys see the same codes and names as the app.
 */
const referenceColumns = {
  code: text('code').primaryKey(),
  nameKk: text('name_kk').notNull(),
  nameRu: text('name_ru').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
};

export const regions = pgTable('regions', { ...referenceColumns, kind: text('kind').notNull() });
export const courtLevels = pgTable('court_levels', referenceColumns);
export const caseKinds = pgTable('case_kinds', referenceColumns);
export const grounds = pgTable('grounds', referenceColumns);
export const documentKinds = pgTable('document_kinds', referenceColumns);
