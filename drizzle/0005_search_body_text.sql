DROP INDEX "posts_body_tsv_idx";--> statement-breakpoint
ALTER TABLE "posts" drop column "body_tsv";--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "body_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body_text, body))) STORED;--> statement-breakpoint
CREATE INDEX "posts_body_text_tsv_idx" ON "posts" USING gin ("body_tsv") WHERE "posts"."deleted_at" is null;