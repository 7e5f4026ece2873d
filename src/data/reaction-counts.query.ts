// Reaction counts as entries of their own (src/cache/forum-cache.service.ts): a thread's counts summed over its live
// posts, and the counts of a page's posts. A reaction then re-stamps only these small entries, not the thread's entry
// and its pages of posts with their bodies. Each statement also reads the thread's live position in the same snapshot,
// so Thread.liveCursor can tell which events the counts already include. One round trip per batch.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads } from '../db/schema.js';
import { arrayParam, preparedPer } from './prepared.js';
import { postReactionCounts, threadReactionCounts } from './read-columns.js';

const threadCounts = preparedPer((db: Db) => {
  const counts = threadReactionCounts(db, threads.id);
  return db.select({
    threadId: threads.id, liveSeq: threads.liveSeq, like: counts.like, helpful: counts.helpful, love: counts.love,
  }).from(threads)
    .leftJoinLateral(counts, sql`true`)
    .where(sql`${threads.id} = any(${sql.placeholder('ids')}::int[])`)
    .prepare('thread_reaction_counts');
});

const postCounts = preparedPer((db: Db) => {
  const counts = postReactionCounts(db, posts.id);
  return db.select({
    postId: posts.id, liveSeq: threads.liveSeq, like: counts.like, helpful: counts.helpful, love: counts.love,
  }).from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .leftJoinLateral(counts, sql`true`)
    .where(sql`${posts.id} = any(${sql.placeholder('ids')}::int[])`)
    .prepare('post_reaction_counts');
});

export interface ReactionCountRow { like: number | null; helpful: number | null; love: number | null; liveSeq: number }

/** Threads' reaction counts (over their live posts) by thread id; ids of no thread are left out. */
export async function findThreadReactionCounts(db: Db, threadIds: readonly number[]): Promise<Map<number, ReactionCountRow>> {
  const rows = await threadCounts(db).execute({ ids: arrayParam(threadIds) });
  return new Map(rows.map((row) => [row.threadId, row]));
}

/** Posts' reaction counts by post id, each with its thread's live position; ids of no post are left out. */
export async function findPostReactionCounts(db: Db, postIds: readonly number[]): Promise<Map<number, ReactionCountRow>> {
  const rows = await postCounts(db).execute({ ids: arrayParam(postIds) });
  return new Map(rows.map((row) => [row.postId, row]));
}
