// Read marks: how far each user has read each thread (thread_reads), what is unread past a mark, and the threads a
// user has unread posts in. Per viewer: never part of a shared cache entry.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threadReads, threads } from '../db/schema.js';

/** Moves a user's mark on a thread forward to `upTo` (never back); returns the mark now held. */
export async function markRead(db: Db, userId: number, threadId: number, upTo: number): Promise<number> {
  const rows = await db.insert(threadReads).values({ userId, threadId, lastReadPostNumber: upTo })
    .onConflictDoUpdate({
      target: [threadReads.userId, threadReads.threadId],
      set: {
        lastReadPostNumber: sql`greatest(${threadReads.lastReadPostNumber}, excluded.last_read_post_number)`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ n: threadReads.lastReadPostNumber });
  return rows[0]!.n;
}

/** The highest number a post of the thread ever had (deleted posts included); 0 when none. */
export async function highestPostNumber(db: Db, threadId: number): Promise<number> {
  const rows = await db.select({ n: sql<number>`coalesce(max(${posts.number}), 0)::int` }).from(posts)
    .where(eq(posts.threadId, threadId));
  return rows[0]?.n ?? 0;
}

/**
 * Live posts by others after the mark of the `thread_reads` row at hand: what "unread" counts (a reader's own posts
 * never do). Its columns are named with their table: drizzle leaves them bare in a union's selects
 * (viewer-state.query.ts), where `thread_id` would mean the post's.
 */
export const unreadAfterMark = (user: number | SQL) => sql`from posts p where p.thread_id = thread_reads.thread_id
  and p.number > thread_reads.last_read_post_number and p.deleted_at is null and p.author_id <> ${user}`;

export interface ReadStateRow { threadId: number; lastReadPostNumber: number; unreadCount: number }

/** A position in the unread list: last activity, then id, both descending. */
export interface UnreadKey { lastActivityAt: Date; id: number }

const unreadCondition = (userId: number) => and(
  eq(threadReads.userId, userId), sql`${threads.deletedAt} is null`,
  sql`exists (select 1 ${unreadAfterMark(userId)})`,
);

/**
 * The threads a user marked and that have live posts by others after the mark, by last activity (newest first, then
 * id), `first + 1` rows at most after `after`.
 */
export async function findUnreadThreadPage(db: Db, userId: number, first: number, after: UnreadKey | null) {
  const position = after === null ? undefined
    : sql`(${threads.lastActivityAt}, ${threads.id}) < (${after.lastActivityAt.toISOString()}::timestamptz, ${after.id}::int)`;
  return db.select({ id: threads.id, slug: threads.slug, lastActivityAt: threads.lastActivityAt })
    .from(threadReads).innerJoin(threads, eq(threads.id, threadReads.threadId))
    .where(and(unreadCondition(userId), position))
    .orderBy(sql`${threads.lastActivityAt} desc, ${threads.id} desc`)
    .limit(first + 1);
}

/** How many threads the unread list holds. */
export async function countUnreadThreads(db: Db, userId: number): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` })
    .from(threadReads).innerJoin(threads, eq(threads.id, threadReads.threadId))
    .where(unreadCondition(userId));
  return rows[0]?.n ?? 0;
}
