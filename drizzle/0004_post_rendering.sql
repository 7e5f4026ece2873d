ALTER TABLE "posts" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "body_text" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "mention_ids" integer[] DEFAULT '{}'::int[] NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "render_version" integer;--> statement-breakpoint
CREATE INDEX "posts_render_version_idx" ON "posts" USING btree ("render_version") WHERE "posts"."deleted_at" is null;