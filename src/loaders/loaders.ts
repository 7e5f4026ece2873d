// Per-request DataLoaders: they batch and deduplicate within one request and never outlive it.
// Batch functions return results in key order, null (or an empty value) for missing rows.
// Only per-viewer and per-request values load here; shared read models (threads, posts, categories) are built
// by ForumReader from one statement each, so no entry can be filled from rows another load primed.
import DataLoader from 'dataloader';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Db } from '../db/client.js';
import type { ReactionTypeName } from '../db/schema.js';
import type { PublicUserRow } from '../data/read-columns.js';
import { findUsersByIds } from '../data/users.data.js';
import type { ReadStateRow } from '../data/thread-reads.data.js';
import { findViewerState } from '../data/viewer-state.query.js';

function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => map.get(k) ?? null);
}

const REACTION_ORDER: ReactionTypeName[] = ['LIKE', 'HELPFUL', 'LOVE'];

/** A key of the viewer's own state: a thread's read mark (`t` and its id) or a post's reactions (`p` and its id). */
type ViewerKey = `t${number}` | `p${number}`;

/**
 * `schedule`: when a batch of the viewer's state is sent (DataLoader's batchScheduleFn). The reader passes its
 * AfterReads schedule, so the marks of a page's threads and the reactions on its posts, asked for at different depths
 * of the query, wait for the page reads and go in one statement.
 */
export function createLoaders(db: Db, views: ViewCounter, viewerId: number | null, schedule?: (dispatch: () => void) => void) {
  /** The viewer's read marks and reactions, one statement per batch (src/data/viewer-state.query.ts). */
  const viewerState = new DataLoader<ViewerKey, ReadStateRow | ReactionTypeName[] | null>(async (keys) => {
    const threadIds: number[] = [];
    const postIds: number[] = [];
    for (const key of keys) (key[0] === 't' ? threadIds : postIds).push(Number(key.slice(1)));
    const state = await findViewerState(db, viewerId!, threadIds, postIds);
    const reads = new Map(state.reads.map((r) => [r.threadId, r]));
    const reactions = new Map<number, ReactionTypeName[]>(postIds.map((id) => [id, []]));
    for (const row of state.reactions) reactions.get(row.postId)!.push(row.type);
    return keys.map((key) => {
      const id = Number(key.slice(1));
      if (key[0] === 't') return reads.get(id) ?? null;
      return reactions.get(id)!.sort((a, b) => REACTION_ORDER.indexOf(a) - REACTION_ORDER.indexOf(b));
    });
  }, schedule ? { batchScheduleFn: schedule } : {});
  return {
    userById: new DataLoader<number, PublicUserRow | null>(async (ids) => byKey(ids, await findUsersByIds(db, ids), (r) => r.id)),
    /** The viewer's reactions on a post, in a fixed order; none when anonymous. */
    viewerReactionsByPostId: {
      load: async (postId: number): Promise<ReactionTypeName[]> =>
        (viewerId === null ? [] : viewerState.load(`p${postId}`) as Promise<ReactionTypeName[]>),
    },
    viewCountByThreadId: new DataLoader<number, number>((ids) => views.counts(ids)),
    /** The viewer's read mark on a thread, with the live posts by others after it; null: anonymous, or no mark. */
    viewerReadStateByThreadId: {
      load: async (threadId: number): Promise<ReadStateRow | null> =>
        (viewerId === null ? null : viewerState.load(`t${threadId}`) as Promise<ReadStateRow | null>),
    },
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
