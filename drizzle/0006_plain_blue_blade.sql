CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"seq" bigint NOT NULL,
	"event" jsonb NOT NULL,
	"outbox_id" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cache_outbox" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "live_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "live_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "live_events_channel_seq_uq" ON "live_events" USING btree ("channel","seq");--> statement-breakpoint
CREATE INDEX "live_events_outbox_idx" ON "live_events" USING btree ("outbox_id") WHERE "live_events"."outbox_id" is not null;--> statement-breakpoint
CREATE INDEX "live_events_created_idx" ON "live_events" USING btree ("created_at");