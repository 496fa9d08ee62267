import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { localeEnum, users } from './users';
import { regions } from './reference';
import {
  appealOutcomeValues,
  caseKindValues,
  caseStatusValues,
  currentSituationValues,
  filingForValues,
  groundValues,
  publicNamingValues,
} from '../../lib/cases/vocabulary';

export const caseStatusEnum = pgEnum('case_status', caseStatusValues);
export const caseKindEnum = pgEnum('case_kind', caseKindValues);
export const filingForEnum = pgEnum('filing_for', filingForValues);
export const currentSituationEnum = pgEnum('current_situation', currentSituationValues);
export const appealOutcomeEnum = pgEnum('appeal_outcome', appealOutcomeValues);
export const publicNamingEnum = pgEnum('public_naming', publicNamingValues);
export const groundEnum = pgEnum('ground', groundValues);

export type ProsecutorRequest = { date: string; answer: string };

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** RD-YYYY-NNNNN, assigned on submission; drafts have none. */
    reference: text('reference'),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => users.id),
    status: caseStatusEnum('status').notNull().default('draft'),
    // Who
    filingFor: filingForEnum('filing_for').notNull().default('self'),
    relationship: text('relationship'),
    convictedPersonName: text('convicted_person_name'),
    contactPhone: text('contact_phone'),
    contactLocale: localeEnum('contact_locale').notNull().default('ru'),
    // The case
    kind: caseKindEnum('kind'),
    regionCode: text('region_code').references(() => regions.code),
    courtName: text('court_name'),
    caseNumber: text('case_number'),
    judgmentDate: date('judgment_date'),
    judgeName: text('judge_name'),
    articles: text('articles').array().notNull().default(sql`'{}'::text[]`),
    sentenceMonths: integer('sentence_months'),
    fineKzt: bigint('fine_kzt', { mode: 'number' }),
    propertyLoss: text('property_loss'),
    currentSituation: currentSituationEnum('current_situation'),
    // Appeals so far
    appellateCourt: text('appellate_court'),
    appellateDate: date('appellate_date'),
    appellateOutcome: appealOutcomeEnum('appellate_outcome'),
    cassationFiled: boolean('cassation_filed'),
    cassationDate: date('cassation_date'),
    cassationOutcome: appealOutcomeEnum('cassation_outcome'),
    prosecutorRequests: jsonb('prosecutor_requests').$type<ProsecutorRequest[]>().notNull().default([]),
    // What went wrong
    grounds: groundEnum('grounds').array().notNull().default(sql`'{}'::ground[]`),
    narrative: text('narrative'),
    requestedRemedy: text('requested_remedy'),
    // Consents
    consentShareWithProsecutors: boolean('consent_share_with_prosecutors').notNull().default(false),
    publicNaming: publicNamingEnum('public_naming').notNull().default('anonymized'),
    /** The wizard step to resume at. */
    intakeStep: integer('intake_step').notNull().default(0),
    /** Latest submitted assessment's strength score, kept here so the queue can sort on an index. */
    strengthScore: integer('strength_score'),
    /** The reviewer who holds the case now (mirrors the open primary assignment, for the queue). */
    assigneeId: uuid('assignee_id').references(() => users.id),
    /** Who recommended the case; the four-eyes rule keeps them from confirming it. */
    recommendedById: uuid('recommended_by_id').references(() => users.id),
    /** Set when the applicant answers an information request, until the assignee acts on it. */
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    /** Bumped on every reviewer-side change: decisions carry it to detect a stale page. */
    version: integer('version').notNull().default(0),
    /** Lower-cased reference, case number, names and court, for the queue's search (trigram index). */
    searchText: text('search_text'),
    /** The convicted person's name, normalized across case, spacing and script (see lib/cases/names.ts). */
    personKey: text('person_key'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** Start of the current wait: submission, or the applicant's last reply. */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_reference_idx').on(t.reference),
    index('cases_applicant_idx').on(t.applicantId, t.updatedAt),
    // The queue sorts by these; each with id as the tie-breaker so pages never overlap.
    index('cases_waiting_idx').on(t.waitingSince, t.id),
    // The queue's default view (open cases, longest waiting first) reads this and nothing else.
    index('cases_open_waiting_idx')
      .on(t.waitingSince, t.id)
      .where(sql`${t.status} in ('submitted', 'in_review', 'needs_info', 'recommended')`),
    index('cases_score_idx').on(sql`${t.strengthScore} desc nulls last`, t.id),
    index('cases_judgment_date_idx').on(sql`${t.judgmentDate} desc nulls last`, t.id),
    index('cases_status_waiting_idx').on(t.status, t.waitingSince),
    index('cases_region_idx').on(t.regionCode, t.status),
    index('cases_kind_idx').on(t.kind, t.status),
    index('cases_assignee_idx').on(t.assigneeId, t.status),
    index('cases_grounds_idx').using('gin', t.grounds),
    index('cases_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    // Possibly related cases.
    index('cases_case_number_idx').on(sql`lower(${t.caseNumber})`),
    index('cases_person_key_idx').on(t.personKey),
    index('cases_judge_idx').on(sql`lower(${t.judgeName})`),
  ],
);

/** Per-year counter behind case references; one UPDATE … RETURNING keeps them unique under concurrency. */
export const caseReferenceCounters = pgTable('case_reference_counters', {
  year: integer('year').primaryKey(),
  lastNumber: integer('last_number').notNull().default(0),
});

export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id),
    type: text('type').notNull(),
    fromStatus: caseStatusEnum('from_status'),
    toStatus: caseStatusEnum('to_status'),
    /** Internal events (notes, assignments) are hidden from the applicant's timeline. */
    isVisibleToApplicant: boolean('is_visible_to_applicant').notNull().default(true),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.createdAt)],
);

export const tags = pgTable('tags', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  nameKk: text('name_kk').notNull(),
  nameRu: text('name_ru').notNull(),
  nameEn: text('name_en').notNull(),
});

export const caseTags = pgTable(
  'case_tags',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.tagId] }), index('case_tags_tag_idx').on(t.tagId)],
);

export type Case = typeof cases.$inferSelect;
export type CaseStatus = (typeof caseStatusEnum.enumValues)[number];
export type CaseKind = (typeof caseKindEnum.enumValues)[number];
export type Ground = (typeof groundEnum.enumValues)[number];
