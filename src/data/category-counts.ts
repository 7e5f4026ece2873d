// Each category's counts kept in its row (categories.thread_count, post_count): the live threads directly in it and
// the sum of their post counts. Every write that changes a thread's liveness, category or post count changes them in
// its own transaction, folded into a statement it already sends (a CTE here), so a write costs no extra round trip.
// The category row stays locked until the commit: the writes put these statements as late as they can.
import { and, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, threads } from '../db/schema.js';

/** A CTE adding (+1) or taking away (-1) a live thread and its posts from its category's counts. */
export const countThreadCte = (db: Db, threadId: number, sign: 1 | -1) =>
  db.$with('counted_category', { id: sql<number>`id` }).as(sql`update ${categories} c
    set thread_count = c.thread_count + ${sign}::int, post_count = c.post_count + ${sign}::int * t.post_count
    from ${threads} t where t.id = ${threadId} and c.id = t.category_id returning c.id`);

/**
 * Takes a thread just deleted (locked by the caller) and its posts away from its category's counts; returns the
 * category's slug (what the change record needs: this statement replaces the read of the category).
 */
export async function uncountThread(db: Db, threadId: number): Promise<string> {
  const rows = await db.update(categories)
    .set({ threadCount: sql`${categories.threadCount} - 1`, postCount: sql`${categories.postCount} - ${threads.postCount}` })
    .from(threads).where(and(eq(threads.id, threadId), eq(categories.id, threads.categoryId)))
    .returning({ slug: categories.slug });
  return rows[0]!.slug;
}

/**
 * A CTE moving a live thread's counts from one category to another. Both rows are locked first in id order (two
 * moves the other way round must not deadlock). It reads the thread as the statement started, so the statement that
 * carries it may change the thread's category.
 */
export const moveThreadCte = (db: Db, threadId: number, fromId: number, toId: number) => {
  const locked = db.$with('moved_locked', { id: sql<number>`id` }).as(sql`select id from ${categories}
    where id in (${fromId}::int, ${toId}::int) order by id for no key update`);
  const moved = db.$with('moved_category', { id: sql<number>`id` }).as(sql`update ${categories} c
    set thread_count = c.thread_count + case when c.id = ${toId}::int then 1 else -1 end,
        post_count = c.post_count + case when c.id = ${toId}::int then t.post_count else -t.post_count end
    from ${threads} t, moved_locked l where t.id = ${threadId} and c.id = l.id returning c.id`);
  return [locked, moved] as const;
};

/**
 * The SQL of a CTE adding the change of a live thread's post count to its category: `newCount` is the count the
 * statement sets, read by the CTE from the statement's own subquery; the thread's row as the statement started holds
 * the old count (the thread is locked by the caller).
 */
export const postCountDeltaSql = (threadId: number | Placeholder, newCount: SQL) => sql`update ${categories} c
  set post_count = c.post_count + (${newCount}) - t.post_count
  from ${threads} t where t.id = ${threadId} and t.deleted_at is null and c.id = t.category_id returning c.id`;

/**
 * Every category's counts recounted from its live threads: after a bulk load, or to mend. One text for the server
 * and for the benchmark's restores, which write threads behind the services' back (bench/lib/bench-db.ts).
 */
export const RECOUNT_CATEGORIES_SQL = `update categories c set thread_count = s.n, post_count = s.posts
  from (select c2.id, count(t.id)::int as n, coalesce(sum(t.post_count), 0)::int as posts
        from categories c2 left join threads t on t.category_id = c2.id and t.deleted_at is null
        group by c2.id) s
  where c.id = s.id`;

export async function recountCategories(db: Db): Promise<void> {
  await db.execute(sql.raw(RECOUNT_CATEGORIES_SQL));
}
