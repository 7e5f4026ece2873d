// Per-request DataLoaders: they batch and deduplicate within one request and never outlive it.
// Batch functions return results in key order, null (or an empty value) for missing rows.
// Only per-viewer and per-request values load here; shared read models (threads, posts, categories) are built
// by ForumReader from one statement each, so no entry can be filled from rows another load primed.
import DataLoader from 'dataloader';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Db } from '../db/client.js';
import type { ReactionTypeName } from '../db/schema.js';
import type { PublicUserRow } from '../data/read-columns.js';
import { findUserReactions } from '../data/reactions.data.js';
import { findReadStates, type ReadStateRow } from '../data/thread-reads.data.js';
import { findUsersByIds } from '../data/users.data.js';

function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => map.get(k) ?? null);
}

export function createLoaders(db: Db, views: ViewCounter, viewerId: number | null) {
  return {
    userById: new DataLoader<number, PublicUserRow | null>(async (ids) => byKey(ids, await findUsersByIds(db, ids), (r) => r.id)),
    viewerReactionsByPostId: new DataLoader<number, ReactionTypeName[]>(async (ids) => {
      if (viewerId === null) return ids.map(() => []);
      const rows = await findUserReactions(db, viewerId, ids);
      const map = new Map<number, ReactionTypeName[]>(ids.map((id) => [id, []]));
      for (const row of rows) map.get(row.postId)!.push(row.type);
      const order: ReactionTypeName[] = ['LIKE', 'HELPFUL', 'LOVE'];
      return ids.map((id) => map.get(id)!.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }),
    viewCountByThreadId: new DataLoader<number, number>((ids) => views.counts(ids)),
    /** The viewer's read mark on each thread, with the live posts by others after it; null: anonymous, or no mark. */
    viewerReadStateByThreadId: new DataLoader<number, ReadStateRow | null>(async (ids) => {
      if (viewerId === null) return ids.map(() => null);
      return byKey(ids, await findReadStates(db, viewerId, ids), (r) => r.threadId);
    }),
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
