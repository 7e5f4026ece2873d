CREATE TABLE "thread_reads" (
	"user_id" integer NOT NULL,
	"thread_id" integer NOT NULL,
	"last_read_post_number" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thread_reads_user_id_thread_id_pk" PRIMARY KEY("user_id","thread_id")
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "number" integer;--> statement-breakpoint
-- Backfill: existing posts numbered in thread order (created_at, id), deleted ones included, so numbers never repeat.
UPDATE "posts" SET "number" = n.rn FROM (SELECT "id", row_number() OVER (PARTITION BY "thread_id" ORDER BY "created_at", "id")::int AS rn FROM "posts") AS n WHERE "posts"."id" = n."id";--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "reply_to_id" integer;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "answer_post_id" integer;--> statement-breakpoint
ALTER TABLE "thread_reads" ADD CONSTRAINT "thread_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_reads" ADD CONSTRAINT "thread_reads_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_reply_to_id_posts_id_fk" FOREIGN KEY ("reply_to_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "posts_thread_number_uq" ON "posts" USING btree ("thread_id","number");--> statement-breakpoint
CREATE INDEX "posts_reply_to_idx" ON "posts" USING btree ("reply_to_id") WHERE "posts"."deleted_at" is null and "posts"."reply_to_id" is not null;--> statement-breakpoint
CREATE INDEX "threads_answered_idx" ON "threads" USING btree ("answer_post_id") WHERE "threads"."deleted_at" is null and "threads"."answer_post_id" is not null;