// Reaction counts read on their own, when a thread's entry is cached and its counts' entry is not (a reaction re-stamps
// only the counts: src/cache/forum-cache.service.ts), and posts' counts by id (a page whose counts' entry was filled
// from another snapshot than the page's). Each statement also reads the thread's live position in the same snapshot,
// so Thread.liveCursor can tell which events the counts already include. One round trip per batch.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads } from '../db/schema.js';
import { arrayParam, preparedAnywhere } from './prepared.js';
import { postReactionCounts, threadReactionCounts } from './read-columns.js';
import { canName } from './text-keys.js';

const threadCounts = preparedAnywhere((db: Db) => {
  const counts = threadReactionCounts(db, threads.id);
  return db.select({
    slug: threads.slug, liveSeq: threads.liveSeq, like: counts.like, helpful: counts.helpful, love: counts.love,
  }).from(threads)
    .leftJoinLateral(counts, sql`true`)
    .where(sql`${threads.slug} = any(${sql.placeholder('slugs')}::text[])`)
    .prepare('thread_reaction_counts');
});

const postCounts = preparedAnywhere((db: Db) => {
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

/** Threads' reaction counts (over their live posts) by slug; slugs of no thread are left out. */
export async function findThreadReactionCounts(db: Db, slugs: readonly string[]): Promise<Map<string, ReactionCountRow>> {
  const named = slugs.filter(canName);
  if (named.length === 0) return new Map();
  const rows = await threadCounts(db).execute({ slugs: arrayParam(named) });
  return new Map(rows.map((row) => [row.slug, row]));
}

/** Posts' reaction counts by post id, each with its thread's live position; ids of no post are left out. */
export async function findPostReactionCounts(db: Db, postIds: readonly number[]): Promise<Map<number, ReactionCountRow>> {
  const rows = await postCounts(db).execute({ ids: arrayParam(postIds) });
  return new Map(rows.map((row) => [row.postId, row]));
}
