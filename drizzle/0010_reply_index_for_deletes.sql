DROP INDEX "posts_reply_to_idx";--> statement-breakpoint
CREATE INDEX "posts_reply_to_idx" ON "posts" USING btree ("reply_to_id") WHERE "posts"."reply_to_id" is not null;