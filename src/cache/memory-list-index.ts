// List indexes in process: per bucket a map of thread versions and one sorted array of members per sort (binary
// search; an insert moves at most the array's tail). The same rules as in Redis (src/cache/list-index-store.ts).
import { freshStampValue } from './cache-backend.js';
import { INDEXED_SORTS, type IndexEntry } from './list-index.js';
import type { IndexCounts, IndexPage, IndexUpdate, ListIndexStore } from './list-index-store.js';
import { keys, stamps } from './keys.js';

/** The in-process stamps (src/cache/memory-cache.ts): read (created fresh when missing) and bumped. */
export interface StampAccess {
  get(key: string): string;
  bump(key: string): void;
}

interface Index {
  versions: Map<string, { version: number; postCount: number; members: string[] | null }>;
  sorted: string[][];
  /** The posts of the listed threads. */
  posts: number;
}

interface Bucket {
  live: (Index & { epoch: string }) | null;
  /** `unsorted`: members appended by loadBuild since the arrays were last sorted (sorted once before use). */
  build: (Index & { token: string; epoch: string; startedAt: number; unsorted: boolean }) | null;
}

/** A build that has not finished by then (it failed half-way) stops blocking the next one. */
const BUILD_TIMEOUT_MS = 120_000;

const emptyIndex = (): Index => ({ versions: new Map(), sorted: INDEXED_SORTS.map(() => []), posts: 0 });

/** Sorts what loadBuild appended (the default sort compares UTF-16 code units, as lowerBound's < does). */
function settle(build: NonNullable<Bucket['build']>): void {
  if (!build.unsorted) return;
  for (const sorted of build.sorted) sorted.sort();
  build.unsorted = false;
}

/** The first index whose member is >= value. */
function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function put(index: Index, entry: IndexEntry): void {
  const old = index.versions.get(entry.slug);
  if (old && old.version >= entry.version) return;
  old?.members?.forEach((member, i) => {
    const sorted = index.sorted[i]!;
    const at = lowerBound(sorted, member);
    if (sorted[at] === member) sorted.splice(at, 1);
  });
  entry.members?.forEach((member, i) => {
    const sorted = index.sorted[i]!;
    sorted.splice(lowerBound(sorted, member), 0, member);
  });
  const posts = entry.members ? entry.postCount : 0;
  index.posts += posts - (old?.postCount ?? 0);
  index.versions.set(entry.slug, { version: entry.version, postCount: posts, members: entry.members });
}

export class MemoryListIndex implements ListIndexStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly stampAccess: StampAccess) {}

  private bucket(name: string): Bucket {
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, bucket = { live: null, build: null });
    return bucket;
  }

  async readPage(bucketName: string, sort: number, start: string | null, count: number): Promise<IndexPage | null> {
    const live = this.buckets.get(bucketName)?.live;
    const epoch = this.stampAccess.get(stamps.epoch());
    if (!live || live.epoch !== epoch) return null;
    const sorted = live.sorted[sort]!;
    const from = start === null ? 0 : lowerBound(sorted, start);
    const gen = `${keys.listIndex(bucketName)}gen`;
    return {
      total: sorted.length,
      members: sorted.slice(from, from + count + 1),
      stamps: [[stamps.epoch(), epoch], [gen, this.stampAccess.get(gen)]],
    };
  }

  async readCounts(buckets: readonly string[]): Promise<(IndexCounts | null)[]> {
    const epoch = this.stampAccess.get(stamps.epoch());
    return buckets.map((name) => {
      const live = this.buckets.get(name)?.live;
      if (!live || live.epoch !== epoch) return null;
      const gen = `${keys.listIndex(name)}gen`;
      return { threads: live.sorted[0]!.length, posts: live.posts, stamps: [[stamps.epoch(), epoch], [gen, this.stampAccess.get(gen)]] };
    });
  }

  async apply(updates: readonly IndexUpdate[]): Promise<void> {
    for (const { bucket: name, entry } of updates) {
      const bucket = this.bucket(name);
      if (bucket.live) put(bucket.live, entry);
      if (bucket.build) {
        settle(bucket.build);
        put(bucket.build, entry);
      }
      this.stampAccess.bump(`${keys.listIndex(name)}gen`);
    }
  }

  async beginBuild(name: string): Promise<string | null> {
    const bucket = this.bucket(name);
    if (bucket.build && Date.now() - bucket.build.startedAt < BUILD_TIMEOUT_MS) return null;
    bucket.build = {
      ...emptyIndex(), token: freshStampValue(), epoch: this.stampAccess.get(stamps.epoch()), startedAt: Date.now(), unsorted: false,
    };
    return bucket.build.token;
  }

  async loadBuild(name: string, token: string, entries: readonly IndexEntry[]): Promise<void> {
    const build = this.buckets.get(name)?.build;
    if (build?.token !== token) return;
    // A build's rows arrive in chunks that together hold up to every thread of the forum: inserted one by one into
    // sorted arrays that costs n²/2 moves (half a minute of a blocked event loop at 10^5 threads), and sorting after
    // each chunk n²/chunk. Threads new to the build are appended, and the arrays sorted once, before an update or the
    // install needs them in order; a thread an update already placed goes through put (newest version wins).
    const placed: IndexEntry[] = [];
    for (const entry of entries) {
      if (build.versions.has(entry.slug)) {
        placed.push(entry);
        continue;
      }
      const posts = entry.members ? entry.postCount : 0;
      build.posts += posts;
      build.versions.set(entry.slug, { version: entry.version, postCount: posts, members: entry.members });
      entry.members?.forEach((member, i) => build.sorted[i]!.push(member));
      build.unsorted ||= entry.members !== null;
    }
    if (placed.length > 0) settle(build);
    for (const entry of placed) put(build, entry);
  }

  async abortBuild(name: string, token: string): Promise<void> {
    const bucket = this.buckets.get(name);
    if (bucket?.build?.token !== token) return;
    bucket.build = null;
    if (!bucket.live) this.buckets.delete(name); // lookups of categories that do not exist leave nothing behind
  }

  async finishBuild(name: string, token: string): Promise<boolean> {
    const bucket = this.bucket(name);
    const build = bucket.build;
    if (build?.token !== token) return false;
    bucket.build = null;
    if (build.epoch !== this.stampAccess.get(stamps.epoch())) return false;
    settle(build);
    bucket.live = build;
    this.stampAccess.bump(`${keys.listIndex(name)}gen`);
    return true;
  }
}
