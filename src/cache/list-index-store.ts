// The interface between ForumCacheService and where list indexes live (Redis sorted sets, or in process).
//
// How an index stays exact (README, "Lists maintained on write"):
// - Every entry carries its thread's version (threads.version, raised under the row lock by every write that can
//   move the thread): an update applies only when newer than what the index holds, so updates arriving in any order,
//   or twice (outbox replays), end in the newest state. A thread that left the bucket keeps a tombstone version.
// - A build marks the bucket as building, then reads every thread of the bucket from PostgreSQL and loads it beside
//   the live index; updates applied meanwhile go to both (with the same version rule), so a commit after the
//   snapshot is never lost to it. The build installs only while its mark still stands and the epoch is unchanged.
// - An index is read only when it was built under the current epoch and is whole (a sentinel in each sorted set and
//   the ready mark in its hash: eviction of any part makes it unready). Unready: the caller reads the database.
import type { IndexEntry } from './list-index.js';

export interface IndexPage {
  /** Threads in the list. */
  total: number;
  /** Up to count + 1 members from the start (one more than asked tells hasNextPage). */
  members: string[];
  /** What the page was read under, for the response fast path: the epoch and the bucket's change stamp. */
  stamps: [string, string][];
}

export interface IndexUpdate { bucket: string; entry: IndexEntry }

/** A bucket's live threads and their posts, kept with its index (a category's threadCount and postCount). */
export interface IndexCounts {
  threads: number;
  posts: number;
  /** What the counts were read under (the epoch and the bucket's change stamp). */
  stamps: [string, string][];
}

export interface ListIndexStore {
  /** A page of one sort of a bucket, or null when its index is not ready. One round trip. */
  readPage(bucket: string, sort: number, start: string | null, count: number): Promise<IndexPage | null>;
  /** Each bucket's counts, or null where its index is not ready. One round trip. */
  readCounts(buckets: readonly string[]): Promise<(IndexCounts | null)[]>;
  /** Applies updates to live and building indexes, and bumps each bucket's change stamp. One round trip. */
  apply(updates: readonly IndexUpdate[]): Promise<void>;
  /** Starts a build of a bucket; null while another build of it is under way (in any process). */
  beginBuild(bucket: string): Promise<string | null>;
  /** Loads a chunk of the bucket's threads into a build. */
  loadBuild(bucket: string, token: string, entries: readonly IndexEntry[]): Promise<void>;
  /** Drops a build (its bucket names nothing, or its load failed). */
  abortBuild(bucket: string, token: string): Promise<void>;
  /** Installs a build; false when it lost its mark (expired, or taken over) or the epoch moved since it began. */
  finishBuild(bucket: string, token: string): Promise<boolean>;
}
