CREATE TYPE "public"."bundle_attachment_purpose" AS ENUM('stamped_cover', 'answer');--> statement-breakpoint
CREATE TABLE "bundle_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bundle_id" uuid NOT NULL,
	"purpose" "bundle_attachment_purpose" NOT NULL,
	"original_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bundles" ADD COLUMN "stamped_cover_id" uuid;--> statement-breakpoint
ALTER TABLE "bundles" ADD COLUMN "answer_id" uuid;--> statement-breakpoint
ALTER TABLE "bundle_attachments" ADD CONSTRAINT "bundle_attachments_bundle_id_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."bundles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundle_attachments" ADD CONSTRAINT "bundle_attachments_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bundle_attachments_bundle_idx" ON "bundle_attachments" USING btree ("bundle_id","created_at");--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_stamped_cover_id_bundle_attachments_id_fk" FOREIGN KEY ("stamped_cover_id") REFERENCES "public"."bundle_attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_answer_id_bundle_attachments_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."bundle_attachments"("id") ON DELETE no action ON UPDATE no action;