// Per-request DataLoaders: they batch and deduplicate within one request and never outlive it.
// Batch functions return results in key order, null (or an empty value) for missing rows.
import DataLoader from 'dataloader';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Db } from '../db/client.js';
import type { CategoryRow, PostRow, ReactionTypeName, ThreadRow, UserRow } from '../db/schema.js';
import { countByCategory, findCategoriesByIds, findCategoriesBySlugs, findChildren } from '../data/categories.data.js';
import { findFirstPosts } from '../data/posts.data.js';
import { countByPosts, countByThreads, findUserReactions, type CountRow } from '../data/reactions.data.js';
import { findLiveThreadsBySlugs } from '../data/threads.data.js';
import { findUsersByIds } from '../data/users.data.js';
import { addCount, emptyCounts, type ReactionCountsView } from '../read/views.js';

function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => map.get(k) ?? null);
}

function countsByKey(keys: readonly number[], rows: CountRow[]): ReactionCountsView[] {
  const map = new Map(keys.map((k) => [k, emptyCounts()]));
  for (const row of rows) addCount(map.get(row.key)!, row.type, row.n);
  return keys.map((k) => map.get(k)!);
}

export interface CategoryCounts { threadCount: number; postCount: number }

export function createLoaders(db: Db, views: ViewCounter, viewerId: number | null) {
  return {
    userById: new DataLoader<number, UserRow | null>(async (ids) => byKey(ids, await findUsersByIds(db, ids), (r) => r.id)),
    threadBySlug: new DataLoader<string, ThreadRow | null>(
      async (slugs) => byKey(slugs, await findLiveThreadsBySlugs(db, slugs), (r) => r.slug)),
    firstPostByThreadId: new DataLoader<number, PostRow | null>(
      async (ids) => byKey(ids, await findFirstPosts(db, ids), (r) => r.threadId)),
    reactionCountsByPostId: new DataLoader<number, ReactionCountsView>(
      async (ids) => countsByKey(ids, await countByPosts(db, ids))),
    reactionCountsByThreadId: new DataLoader<number, ReactionCountsView>(
      async (ids) => countsByKey(ids, await countByThreads(db, ids))),
    viewerReactionsByPostId: new DataLoader<number, ReactionTypeName[]>(async (ids) => {
      if (viewerId === null) return ids.map(() => []);
      const rows = await findUserReactions(db, viewerId, ids);
      const map = new Map<number, ReactionTypeName[]>(ids.map((id) => [id, []]));
      for (const row of rows) map.get(row.postId)!.push(row.type);
      const order: ReactionTypeName[] = ['LIKE', 'HELPFUL', 'LOVE'];
      return ids.map((id) => map.get(id)!.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }),
    categoryBySlug: new DataLoader<string, CategoryRow | null>(
      async (slugs) => byKey(slugs, await findCategoriesBySlugs(db, slugs), (r) => r.slug)),
    categoryById: new DataLoader<number, CategoryRow | null>(
      async (ids) => byKey(ids, await findCategoriesByIds(db, ids), (r) => r.id)),
    childSlugsByCategoryId: new DataLoader<number, string[]>(async (ids) => {
      const rows = await findChildren(db, ids);
      return ids.map((id) => rows.filter((r) => r.parentId === id).map((r) => r.slug));
    }),
    countsByCategoryId: new DataLoader<number, CategoryCounts>(async (ids) => {
      const rows = await countByCategory(db, ids);
      return ids.map((id) => rows.find((r) => r.categoryId === id) ?? { threadCount: 0, postCount: 0 });
    }),
    viewCountByThreadId: new DataLoader<number, number>((ids) => views.counts(ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** loadMany that fails when any key failed: a failed load must fail the request, never pass for a missing row. */
export async function loadAll<K, V, C>(loader: DataLoader<K, V, C>, keys: readonly K[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  const failure = values.find((v): v is Error => v instanceof Error);
  if (failure) throw failure;
  return values as V[];
}
