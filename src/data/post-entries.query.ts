// Posts' read models in one statement: the posts of a page (or of several threads' first pages) with their
// authors and reaction counts. Each thread's page is a lateral keyset scan of the partial index (thread_id,
// created_at, id), so the statement reads only the rows it returns.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads, users } from '../db/schema.js';
import type { PostKey } from './posts.data.js';
import { postReactionCounts, publicUserColumns } from './read-columns.js';

const postColumns = {
  id: posts.id, threadId: posts.threadId, body: posts.body, createdAt: posts.createdAt, editedAt: posts.editedAt,
};

/**
 * The first `limit + 1` live posts of each thread after a keyset position (null: from the start), oldest first,
 * ordered by thread; the extra row tells hasNextPage.
 */
export function findPostPageEntries(db: Db, threadIds: readonly number[], limit: number, after: PostKey | null) {
  const position = after
    ? sql`(${posts.createdAt}, ${posts.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id})`
    : undefined;
  const page = db.select({ ...postColumns, authorId: posts.authorId }).from(posts)
    .where(and(eq(posts.threadId, threads.id), isNull(posts.deletedAt), position))
    .orderBy(asc(posts.createdAt), asc(posts.id)).limit(limit + 1).as('page');
  const counts = postReactionCounts(db, page.id);
  return db.select({
    post: { id: page.id, threadId: page.threadId, body: page.body, createdAt: page.createdAt, editedAt: page.editedAt },
    author: publicUserColumns,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
  }).from(threads)
    .innerJoinLateral(page, sql`true`)
    .innerJoin(users, eq(users.id, page.authorId))
    .leftJoinLateral(counts, sql`true`)
    .where(inArray(threads.id, [...threadIds]))
    .orderBy(asc(page.threadId), asc(page.createdAt), asc(page.id));
}

/** One live post of a live thread, with its author, reaction counts and thread slug (what a mutation returns). */
export async function findLivePostEntry(db: Db, id: number) {
  const counts = postReactionCounts(db, posts.id);
  const rows = await db.select({
    post: postColumns,
    author: publicUserColumns,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
    threadSlug: threads.slug,
  }).from(posts)
    .innerJoin(threads, and(eq(threads.id, posts.threadId), isNull(threads.deletedAt)))
    .innerJoin(users, eq(users.id, posts.authorId))
    .leftJoinLateral(counts, sql`true`)
    .where(and(eq(posts.id, id), isNull(posts.deletedAt)));
  return rows[0] ?? null;
}

export type PostEntryRow = Awaited<ReturnType<typeof findPostPageEntries>>[number];
