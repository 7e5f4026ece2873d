import { and, asc, eq, inArray, isNull, sql, type SQL, type WithSubquery } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, posts, threads, type ThreadRow } from '../db/schema.js';
import { canName } from './text-keys.js';
import { threadRow } from './read-columns.js';
import { postCountDeltaSql } from './category-counts.js';
import { preparedAnywhere } from './prepared.js';

// Built once (src/data/prepared.ts): every mutation reads its thread, most of them locked, inside its transaction.
const liveThreadWhere = (key: 'slug' | 'id') => and(eq(threads[key], sql.placeholder('key')), isNull(threads.deletedAt));
const liveThreadBy = (key: 'slug' | 'id', forUpdate: boolean) => preparedAnywhere((db: Db) => {
  const query = db.select(threadRow).from(threads).where(liveThreadWhere(key)).limit(1);
  return (forUpdate ? query.for('update') : query).prepare(`live_thread_by_${key}${forUpdate ? '_for_update' : ''}`);
});
const liveThread = {
  slug: [liveThreadBy('slug', false), liveThreadBy('slug', true)],
  id: [liveThreadBy('id', false), liveThreadBy('id', true)],
} as const;

export async function findLiveThreadBySlug(db: Db, slug: string, forUpdate = false): Promise<ThreadRow | null> {
  if (!canName(slug)) return null;
  const rows = await liveThread.slug[forUpdate ? 1 : 0](db).execute({ key: slug });
  return rows[0] ?? null;
}

export async function findLiveThreadById(db: Db, id: number, forUpdate = false): Promise<ThreadRow | null> {
  const rows = await liveThread.id[forUpdate ? 1 : 0](db).execute({ key: id });
  return rows[0] ?? null;
}

export const findViewCounts = (db: Db, ids: readonly number[]) =>
  db.select({ id: threads.id, viewCount: threads.viewCount }).from(threads).where(inArray(threads.id, [...ids]));

export async function insertThread(
  db: Db, values: Pick<ThreadRow, 'slug' | 'categoryId' | 'authorId' | 'title' | 'tags'> & { createdAt?: Date },
): Promise<ThreadRow | null> {
  const at = values.createdAt ?? new Date();
  const rows = await db.insert(threads)
    .values({ ...values, createdAt: at, updatedAt: at, lastActivityAt: at, postCount: 1 })
    .onConflictDoNothing({ target: threads.slug })
    .returning(threadRow);
  return rows[0] ?? null; // null: the slug is taken
}

export async function updateThread(
  db: Db, id: number,
  values: Partial<Pick<ThreadRow, 'title' | 'tags' | 'categoryId' | 'isPinned' | 'isLocked' | 'deletedAt'>>,
  ctes: WithSubquery[] = [],
): Promise<ThreadRow> {
  const rows = await (ctes.length > 0 ? db.with(...ctes) : db).update(threads)
    .set({ ...values, updatedAt: new Date(), version: sql`${threads.version} + 1` })
    .where(eq(threads.id, id)).returning(threadRow);
  return rows[0]!;
}

// refreshPostStats's statement, built once.
const postStats = preparedAnywhere((db: Db) => {
  const id = sql.placeholder('id');
  const live = db.$with('live').as(db.select({
    n: sql<number>`count(*)::int`.as('n'),
    latest: sql<Date | null>`max(${posts.createdAt})`.as('latest'),
  }).from(posts).where(and(eq(posts.threadId, id), isNull(posts.deletedAt))));
  const counted = db.$with('counted_category', { id: sql<number>`id` }).as(postCountDeltaSql(id, sql`select n from live`));
  return db.with(live, counted).update(threads)
    .set({
      postCount: sql`${live.n}`,
      lastActivityAt: sql`coalesce(${live.latest}, ${threads.createdAt})`,
      version: sql`${threads.version} + 1`,
    })
    .from(live).where(eq(threads.id, id))
    .returning({ ...threadRow, categorySlug: sql<string>`(select c.slug from categories c where c.id = ${threads.categoryId})` })
    .prepare('refresh_post_stats');
});

/**
 * Recomputes postCount and lastActivityAt from the live posts (after a post is added or removed); returns the row with
 * its category's slug, read in the same statement (what the change record needs: no round trip of its own). The
 * same statement adds the change of postCount to the category's count (the thread is locked by the caller, so its row
 * as the statement started holds the old count).
 */
export async function refreshPostStats(db: Db, id: number): Promise<ThreadRow & { categorySlug: string }> {
  const rows = await postStats(db).execute({ id });
  return rows[0]!;
}

/** How long a flush of views waits for a thread row a writer holds before it gives up until the next flush. */
const VIEWS_LOCK_TIMEOUT_MS = 300;

/**
 * Adds buffered view counts and returns the new totals. The ids and counts go as two array
 * parameters (sql.param binds an array whole; a bare array in the template would expand into a list), so the
 * statement's text and its number of parameters stay the same however many threads were viewed. The rows are locked
 * in id order first, and a row held by a writer is waited for briefly: two processes flushing overlapping threads
 * would otherwise lock in the orders of their joins and could deadlock, and a flush queued behind a busy thread's
 * writers would hold up writers of every other thread it had locked. A flush that gives up (lock_not_available,
 * 55P03) changes nothing; its counts wait for the next one.
 */
export async function addViews(db: Db, deltas: ReadonlyMap<number, number>): Promise<{ id: number; viewCount: number }[]> {
  if (deltas.size === 0) return [];
  const ids = [...deltas.keys()].sort((a, b) => a - b);
  const counts = ids.map((id) => deltas.get(id)!);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = '${VIEWS_LOCK_TIMEOUT_MS}ms'`));
    await tx.select({ id: threads.id }).from(threads).where(sql`${threads.id} = any(${sql.param(ids)}::int[])`).orderBy(threads.id).for('no key update');
    return tx.update(threads)
      .set({ viewCount: sql`${threads.viewCount} + d.n` })
      .from(sql`unnest(${sql.param(ids)}::int[], ${sql.param(counts)}::int[]) as d(id, n)`)
      .where(sql`${threads.id} = d.id`)
      .returning({ id: threads.id, viewCount: threads.viewCount });
  });
}

/** A flush that gave up waiting for a row (see addViews): nothing is wrong, the counts wait for the next flush. */
export const isLockTimeout = (error: unknown) => {
  const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined);
  return code(error) === '55P03' || code((error as { cause?: unknown } | null)?.cause) === '55P03';
};

/** Where a chunk of a list index build's read ended: the last row's LAST_ACTIVITY position (timestamps are stored
 * to the millisecond, as a Date holds them). */
interface ListedKey { isPinned: boolean; lastActivityAt: Date; createdAt: Date; id: number }

/** Rows of a list index build read per statement: each an index range scan, few enough to map without a long pause. */
export const LISTED_CHUNK = 5000;

/**
 * Every live thread of a category (by slug), or of all categories (null), with what orders it in a list: what a
 * list index is built from. Null when no category has that slug. The rows come a chunk at a time, in the order of
 * the LAST_ACTIVITY index (pinned, last activity, creation, id, ascending), each chunk after the last row of the one
 * before: 10^6 threads read in one statement held the event loop for 3 s while they were mapped. A thread that
 * changes between two chunks may be read twice or not at all: a build also receives the updates of every change
 * applied while it runs, and the newest version wins (src/cache/list-index-store.ts).
 */
export async function findListedThreads(db: Db, categorySlug: string | null, chunk = LISTED_CHUNK) {
  let categoryId: number | undefined;
  if (categorySlug !== null) {
    const [category] = canName(categorySlug)
      ? await db.select({ id: categories.id }).from(categories).where(eq(categories.slug, categorySlug))
      : [];
    if (!category) return null;
    categoryId = category.id;
  }
  const live = and(isNull(threads.deletedAt), categoryId === undefined ? undefined : eq(threads.categoryId, categoryId));
  return (async function* chunks() {
    let after: ListedKey | null = null;
    for (;;) {
      const keyset: SQL | null = after && sql`(${threads.isPinned}, ${threads.lastActivityAt}, ${threads.createdAt}, ${threads.id})
        > (${after.isPinned}::boolean, ${after.lastActivityAt.toISOString()}::timestamptz, ${after.createdAt.toISOString()}::timestamptz, ${after.id}::int)`;
      const rows = await db.select({
        id: threads.id, slug: threads.slug, version: threads.version, isPinned: threads.isPinned,
        lastActivityAt: threads.lastActivityAt, createdAt: threads.createdAt, postCount: threads.postCount,
      }).from(threads).where(keyset ? and(live, keyset) : live)
        .orderBy(asc(threads.isPinned), asc(threads.lastActivityAt), asc(threads.createdAt), asc(threads.id)).limit(chunk);
      if (rows.length > 0) {
        yield rows.map((r) => ({ ...r, lastActivityAt: r.lastActivityAt.toISOString(), createdAt: r.createdAt.toISOString() }));
      }
      if (rows.length < chunk) return;
      after = rows.at(-1)!;
    }
  })();
}

/** Sets (or clears, null) a thread's accepted answer. Not a list order: the version and updatedAt stay. */
export async function setAnswer(db: Db, threadId: number, postId: number | null): Promise<void> {
  await db.update(threads).set({ answerPostId: postId }).where(eq(threads.id, threadId));
}
