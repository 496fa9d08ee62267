-- Trigram search over the queue's text (pg_trgm ships with PostgreSQL and with PGlite).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "cases_status_score_idx";--> statement-breakpoint
DROP INDEX "cases_region_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "recommended_by_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "replied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "search_text" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "person_key" text;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_recommended_by_id_users_id_fk" FOREIGN KEY ("recommended_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_waiting_idx" ON "cases" USING btree ("waiting_since","id");--> statement-breakpoint
CREATE INDEX "cases_score_idx" ON "cases" USING btree ("strength_score" desc nulls last,"id");--> statement-breakpoint
CREATE INDEX "cases_judgment_date_idx" ON "cases" USING btree ("judgment_date" desc nulls last,"id");--> statement-breakpoint
CREATE INDEX "cases_kind_idx" ON "cases" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "cases" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cases_case_number_idx" ON "cases" USING btree (lower("case_number"));--> statement-breakpoint
CREATE INDEX "cases_person_key_idx" ON "cases" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "cases_judge_idx" ON "cases" USING btree (lower("judge_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_draft_idx" ON "assessments" USING btree ("case_id","reviewer_id") WHERE status = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_open_idx" ON "assignments" USING btree ("case_id","role") WHERE released_at is null;--> statement-breakpoint
CREATE INDEX "cases_region_idx" ON "cases" USING btree ("region_code","status");;--> statement-breakpoint
-- Backfill for databases created before this migration.
UPDATE "cases" SET "assignee_id" = a."reviewer_id" FROM "assignments" a WHERE a."case_id" = "cases"."id" AND a."role" = 'primary' AND a."released_at" IS NULL;--> statement-breakpoint
UPDATE "cases" SET "search_text" = lower(concat_ws(' ', "cases"."reference", "cases"."case_number", "cases"."convicted_person_name", u."name", "cases"."court_name", "cases"."judge_name")) FROM "users" u WHERE u."id" = "cases"."applicant_id" AND "cases"."status" <> 'draft';