CREATE TABLE "cache_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;