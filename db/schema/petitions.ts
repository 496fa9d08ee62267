import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './reference';
import { users } from './users';

export const petitionStatusEnum = pgEnum('petition_status', ['draft', 'open', 'closed']);

export const petitions = pgTable(
  'petitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    status: petitionStatusEnum('status').notNull().default('draft'),
    titleKk: text('title_kk').notNull(),
    titleRu: text('title_ru').notNull(),
    titleEn: text('title_en').notNull(),
    /** Markdown, rendered without raw HTML. */
    bodyKk: text('body_kk').notNull(),
    bodyRu: text('body_ru').notNull(),
    bodyEn: text('body_en').notNull(),
    addressee: text('addressee').notNull(),
    signatureGoal: integer('signature_goal').notNull(),
    /**
     * Dates entered as calendar days are stored at 00:00 UTC of that day. Opening stamps the
     * moment instead when no day was set; closing always stamps the moment.
     */
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    /** Bumped on every change: a save from a page rendered before another change is refused. */
    version: integer('version').notNull().default(0),
    /**
     * Confirmed signatures folded in so far (lib/petitions/counter.ts): batches of confirmations are
     * added every few seconds, so signing never queues on this row; a periodic recount heals drift.
     */
    confirmedCount: integer('confirmed_count').notNull().default(0),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('petitions_slug_idx').on(t.slug), index('petitions_status_idx').on(t.status)],
);

export const signatures = pgTable(
  'signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petitions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /**
     * Trimmed and lower-cased; one signature per address per petition. Replaced by null when the
     * petition closes, keeping only `emailHash`.
     */
    email: text('email'),
    /** Keyed hash (HMAC-SHA-256) of the address, set when the petition closes: duplicates stay detectable. */
    emailHash: text('email_hash'),
    regionCode: text('region_code').references(() => regions.code),
    isPublic: boolean('is_public').notNull().default(false),
    /** SHA-256 (hex) of the e-mailed confirmation token; replaced when the link is sent again. */
    tokenHash: text('token_hash'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Whether this confirmation is already in petitions.confirmed_count. */
    counted: boolean('counted').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('signatures_petition_email_idx').on(t.petitionId, t.email),
    uniqueIndex('signatures_petition_email_hash_idx').on(t.petitionId, t.emailHash).where(sql`${t.emailHash} is not null`),
    /** The purge of unconfirmed signatures after 7 days. */
    index('signatures_unconfirmed_created_idx').on(t.createdAt).where(sql`${t.confirmedAt} is null`),
    /** Addresses are compared trimmed and lower-cased; the database holds them only in that form. */
    check('signatures_email_normalized', sql`${t.email} = lower(btrim(${t.email}))`),
    index('signatures_petition_confirmed_idx').on(t.petitionId, t.confirmedAt),
    uniqueIndex('signatures_token_idx').on(t.tokenHash).where(sql`${t.tokenHash} is not null`),
    /** What the counter has still to fold in: small, as it is emptied every few seconds. */
    index('signatures_uncounted_idx').on(t.petitionId).where(sql`${t.confirmedAt} is not null and not ${t.counted}`),
  ],
);
