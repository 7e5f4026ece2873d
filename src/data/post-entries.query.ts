// Posts' read models in one statement: the posts of a page (or of several threads' first pages) with their
// authors and reaction counts. Each thread's page is a lateral keyset scan of the partial index (thread_id,
// created_at, id), so the statement reads only the rows it returns.
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads, users } from '../db/schema.js';
import type { PostKey } from './posts.data.js';
import { arrayParam, preparedPer } from './prepared.js';
import { postReactionCounts, publicUserColumns } from './read-columns.js';

const postColumns = {
  id: posts.id, threadId: posts.threadId, body: posts.body, createdAt: posts.createdAt, editedAt: posts.editedAt,
};

/** Pages of the threads in `threadIds` (an array parameter), `limit` + 1 rows each, optionally after a position. */
function pageQuery(db: Db, position: SQL | undefined, name: string) {
  const page = db.select({ ...postColumns, authorId: posts.authorId }).from(posts)
    .where(and(eq(posts.threadId, threads.id), isNull(posts.deletedAt), position))
    .orderBy(asc(posts.createdAt), asc(posts.id)).limit(sql.placeholder('limit')).as('page');
  const counts = postReactionCounts(db, page.id);
  return db.select({
    post: { id: page.id, threadId: page.threadId, body: page.body, createdAt: page.createdAt, editedAt: page.editedAt },
    author: publicUserColumns,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
  }).from(threads)
    .innerJoinLateral(page, sql`true`)
    .innerJoin(users, eq(users.id, page.authorId))
    .leftJoinLateral(counts, sql`true`)
    .where(sql`${threads.id} = any(${sql.placeholder('threadIds')}::int[])`)
    .orderBy(asc(page.threadId), asc(page.createdAt), asc(page.id))
    .prepare(name);
}

const firstPages = preparedPer((db) => pageQuery(db, undefined, 'post_first_pages'));
const pagesAfter = preparedPer((db) => pageQuery(db,
  sql`(${posts.createdAt}, ${posts.id}) > (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::int)`,
  'post_pages_after'));

/**
 * The first `limit + 1` live posts of each thread after a keyset position (null: from the start), oldest first,
 * ordered by thread; the extra row tells hasNextPage.
 */
export function findPostPageEntries(db: Db, threadIds: readonly number[], limit: number, after: PostKey | null) {
  const common = { threadIds: arrayParam(threadIds), limit: limit + 1 };
  return after === null
    ? firstPages(db).execute(common)
    : pagesAfter(db).execute({ ...common, afterAt: after.createdAt.toISOString(), afterId: after.id });
}

const livePostEntry = preparedPer((db: Db) => {
  const counts = postReactionCounts(db, posts.id);
  return db.select({
    post: postColumns,
    author: publicUserColumns,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
    threadSlug: threads.slug,
  }).from(posts)
    .innerJoin(threads, and(eq(threads.id, posts.threadId), isNull(threads.deletedAt)))
    .innerJoin(users, eq(users.id, posts.authorId))
    .leftJoinLateral(counts, sql`true`)
    .where(and(eq(posts.id, sql.placeholder('id')), isNull(posts.deletedAt)))
    .prepare('live_post_entry');
});

/** One live post of a live thread, with its author, reaction counts and thread slug (what a mutation returns). */
export async function findLivePostEntry(db: Db, id: number) {
  const rows = await livePostEntry(db).execute({ id });
  return rows[0] ?? null;
}

export type PostEntryRow = Awaited<ReturnType<typeof findPostPageEntries>>[number];
