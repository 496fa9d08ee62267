CREATE TYPE "public"."bundle_addressee" AS ENUM('prosecutor_general', 'regional_prosecutor');--> statement-breakpoint
CREATE TYPE "public"."bundle_status" AS ENUM('draft', 'finalized', 'submitted', 'answered');--> statement-breakpoint
CREATE TYPE "public"."export_format" AS ENUM('pdf', 'docx', 'zip', 'csv');--> statement-breakpoint
CREATE TYPE "public"."protest_outcome" AS ENUM('protest_brought', 'protest_refused');--> statement-breakpoint
CREATE TABLE "bundle_cases" (
	"bundle_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"outcome" "protest_outcome",
	"outcome_note" text,
	CONSTRAINT "bundle_cases_bundle_id_case_id_pk" PRIMARY KEY("bundle_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "bundle_documents" (
	"bundle_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"path" text NOT NULL,
	"kind" "document_kind" NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "bundle_documents_bundle_id_document_id_pk" PRIMARY KEY("bundle_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "bundle_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bundle_id" uuid NOT NULL,
	"format" "export_format" NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bundles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"addressee" "bundle_addressee" DEFAULT 'prosecutor_general' NOT NULL,
	"addressee_region_code" text,
	"theme_tag_id" uuid,
	"language" "locale" DEFAULT 'ru' NOT NULL,
	"cover_letter" text DEFAULT '' NOT NULL,
	"status" "bundle_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"snapshot" jsonb,
	"manifest_sha256" text,
	"finalized_at" timestamp with time zone,
	"finalized_by_id" uuid,
	"submitted_on" date,
	"registry_number" text,
	"answered_on" date,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bundle_cases" ADD CONSTRAINT "bundle_cases_bundle_id_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."bundles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_cases" ADD CONSTRAINT "bundle_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_documents" ADD CONSTRAINT "bundle_documents_bundle_id_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."bundles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_documents" ADD CONSTRAINT "bundle_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_documents" ADD CONSTRAINT "bundle_documents_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_exports" ADD CONSTRAINT "bundle_exports_bundle_id_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."bundles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_exports" ADD CONSTRAINT "bundle_exports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_addressee_region_code_regions_code_fk" FOREIGN KEY ("addressee_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_theme_tag_id_tags_id_fk" FOREIGN KEY ("theme_tag_id") REFERENCES "public"."tags"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_finalized_by_id_users_id_fk" FOREIGN KEY ("finalized_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bundle_cases_case_idx" ON "bundle_cases" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "bundle_cases_position_idx" ON "bundle_cases" USING btree ("bundle_id","position");--> statement-breakpoint
CREATE INDEX "bundle_documents_order_idx" ON "bundle_documents" USING btree ("bundle_id","position");--> statement-breakpoint
CREATE INDEX "bundle_exports_bundle_idx" ON "bundle_exports" USING btree ("bundle_id","created_at");--> statement-breakpoint
CREATE INDEX "bundles_status_idx" ON "bundles" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "bundles_updated_idx" ON "bundles" USING btree ("updated_at");