CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
UPDATE "signatures" SET "email" = lower(btrim("email")) WHERE "email" <> lower(btrim("email"));--> statement-breakpoint
DROP INDEX "signatures_petition_email_idx";--> statement-breakpoint
ALTER TABLE "petitions" ADD COLUMN "confirmed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "token_hash" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "counted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_token_idx" ON "signatures" USING btree ("token_hash") WHERE "signatures"."token_hash" is not null;--> statement-breakpoint
CREATE INDEX "signatures_uncounted_idx" ON "signatures" USING btree ("petition_id") WHERE "signatures"."confirmed_at" is not null and not "signatures"."counted";--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_petition_email_idx" ON "signatures" USING btree ("petition_id","email");--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_email_normalized" CHECK ("signatures"."email" = lower(btrim("signatures"."email")));