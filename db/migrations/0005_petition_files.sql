CREATE TYPE "public"."export_status" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "bundle_petitions" (
	"bundle_id" uuid PRIMARY KEY NOT NULL,
	"pdf_key" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"pdf_size_bytes" bigint NOT NULL,
	"docx_key" text NOT NULL,
	"docx_sha256" text NOT NULL,
	"docx_size_bytes" bigint NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bundle_exports" ALTER COLUMN "sha256" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bundle_exports" ADD COLUMN "status" "export_status" DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "bundle_exports" ADD COLUMN "bytes_sent" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bundle_exports" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bundle_petitions" ADD CONSTRAINT "bundle_petitions_bundle_id_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."bundles"("id") ON DELETE cascade ON UPDATE no action;