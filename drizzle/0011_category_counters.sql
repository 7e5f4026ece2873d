ALTER TABLE "categories" ADD COLUMN "thread_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "post_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "categories" c SET "thread_count" = s.n, "post_count" = s.posts
FROM (
  SELECT c2.id, count(t.id)::int AS n, coalesce(sum(t.post_count), 0)::int AS posts
  FROM "categories" c2 LEFT JOIN "threads" t ON t.category_id = c2.id AND t.deleted_at IS NULL
  GROUP BY c2.id
) s
WHERE c.id = s.id;
