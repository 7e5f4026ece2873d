// Lists maintained on write, as ForumCacheService uses them: pages and category counts read from the list indexes,
// builds started in the background when an index is not ready, and the after-commit updates of each change's
// threads. How an index stays exact: src/cache/list-index-store.ts.
import type { ListPosition } from '../data/thread-list.query.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ListedThread } from './changes.js';
import type { GuardedBackend } from './guarded-backend.js';
import type { Effects } from './invalidation.js';
import type { NormalizedListArgs } from './keys.js';
import { ALL_BUCKET, INDEXED_SORTS, indexedList, indexEntry, memberPosition, pageStart } from './list-index.js';
import type { IndexUpdate } from './list-index-store.js';
import type { ResponseDeps } from './response-deps.js';

export interface CategoryCounts { threadCount: number; postCount: number }

/** A page of a maintained list, read from its index. */
export interface IndexedListPage {
  slugs: string[];
  positions: ListPosition[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * Reads the threads of a bucket for an index build, a chunk at a time: one category's (by slug), or every
 * category's (null). Null when the category does not exist (no index is kept for it).
 */
export type BucketLoader = (categorySlug: string | null) => Promise<AsyncIterable<readonly ListedThread[]> | null>;

export interface MaintainedListsOptions {
  backend: GuardedBackend;
  metrics: Metrics;
  logger: Logger;
  /** Stored responses that show a list or counts live as long as list and category entries. */
  ttl: { list: number; category: number };
}

export class MaintainedLists {
  /** Index builds under way or waiting in this process, by bucket. */
  private readonly builds = new Map<string, Promise<unknown>>();
  /**
   * The end of the last build queued: builds run one at a time. A forum's first page of categories asks for every
   * category's index at once; at 10^6 threads, 49 builds loading together queued their chunks in front of every
   * other cache call, which then timed out (the backend suspended, the builds failed, and were started again).
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MaintainedListsOptions) {}

  /**
   * A page of a maintained list (category or all, in an indexed sort) from its index; null when the list is not
   * maintained or its index is not ready (then a build starts in the background, and the caller reads the list
   * through the stamp-guarded path). `load` must read the database when called (a build calls it after marking itself).
   */
  async page(args: NormalizedListArgs, after: ListPosition | null, load: BucketLoader, deps?: ResponseDeps): Promise<IndexedListPage | null> {
    const list = indexedList(args);
    if (!list) return null;
    const sort = INDEXED_SORTS[list.sort]!;
    const page = await this.options.backend.readIndexPage(list.bucket, list.sort, pageStart(sort, after), args.first);
    this.options.metrics.cacheRequests.inc({ kind: 'list_index', result: page ? 'hit' : 'miss' });
    if (!page) {
      this.startBuild(list.bucket, load);
      return null;
    }
    deps?.addStampValues(page.stamps, this.options.ttl.list);
    const shown = page.members.slice(0, args.first).map((m) => memberPosition(sort, m));
    return {
      slugs: shown.map((m) => m.slug), positions: shown.map((m) => m.position),
      hasNextPage: page.members.length > args.first, totalCount: page.total,
    };
  }

  /**
   * Categories' live threads and their posts, from their list indexes: exact and fresh without re-stamping the
   * category on every reply. Null where the index is not ready (a build starts; the caller counts in the database
   * and must not store the response).
   */
  async categoryCounts(slugs: readonly string[], load: BucketLoader, deps?: ResponseDeps): Promise<(CategoryCounts | null)[]> {
    if (slugs.length === 0) return [];
    const counts = await this.options.backend.readIndexCounts(slugs);
    counts.forEach((c, i) => {
      this.options.metrics.cacheRequests.inc({ kind: 'list_index', result: c ? 'hit' : 'miss' });
      if (c) deps?.addStampValues(c.stamps, this.options.ttl.category);
      else this.startBuild(slugs[i]!, load);
    });
    return counts.map((c) => c && { threadCount: c.threads, postCount: c.posts });
  }

  /** After a commit: each changed thread's place in its category's and all categories' indexes (outbox step). */
  apply(effects: Effects): Promise<boolean> {
    const updates: IndexUpdate[] = effects.lists.flatMap(({ thread, leftCategories }) => [
      { bucket: thread.categorySlug, entry: indexEntry(thread, thread.live) },
      { bucket: ALL_BUCKET, entry: indexEntry(thread, thread.live) },
      ...leftCategories.map((bucket) => ({ bucket, entry: indexEntry(thread, false) })),
    ]);
    return this.options.backend.applyIndex(updates);
  }

  /** Index builds under way in this process have finished (tests). */
  async settled(): Promise<void> {
    await Promise.all(this.builds.values());
  }

  private startBuild(bucket: string, load: BucketLoader): void {
    if (this.builds.has(bucket)) return;
    this.options.metrics.listIndexBuilds.inc();
    const build = this.queue.then(() => this.options.backend.buildIndex(bucket, async () => {
      this.options.metrics.dbLoads.inc({ kind: 'list_index' });
      return load(bucket === ALL_BUCKET ? null : bucket);
    }, (thread) => indexEntry(thread, true))).catch((error) => this.options.logger.warn({ err: error, bucket }, 'cache: building a list index failed'))
      .finally(() => {
        this.builds.delete(bucket);
        this.options.metrics.listIndexBuilds.dec();
      });
    this.builds.set(bucket, build);
    this.queue = build;
  }
}
