// ForumCacheService: read-through caching of threads, post pages, thread lists and categories, kept fresh by
// generation stamps (DESIGN.md). A reader reads the stamps together with the entry, before it loads from the
// database, and fills under the stamp values it read; a writer bumps stamps after its transaction commits.
// A fill that raced with a write therefore lands under old stamps, where no reader looks.
import type { Db } from '../db/client.js';
import { deletePending, findPending, insertPending } from '../data/pending-invalidations.data.js';
import type { Logger } from '../logger.js';
import { withTimeout } from '../util/with-timeout.js';
import type { CacheKind, Metrics } from '../metrics.js';
import type {
  CategoryTreeView, CategoryView, PostPageView, ThreadListView, ThreadView,
} from '../read/views.js';
import type { CacheBackend, EntryRead, EntryRequest } from './cache-backend.js';
import { dependencies, keys, stamps, type NormalizedListArgs } from './keys.js';

export interface CacheTtls { thread: number; list: number; category: number }

export interface ForumCacheOptions {
  /** null: CACHE=off, every read goes to the database. */
  backend: CacheBackend | null;
  db: Db;
  ttl: CacheTtls;
  metrics: Metrics;
  logger: Logger;
  /** Timeout around every backend call. Defaults to 250 ms. */
  opTimeoutMs?: number;
  /** How often pending invalidations are applied and a lost Redis is re-synced. Defaults to 1000 ms; 0 disables. */
  pollMs?: number;
}

/** The result of a get: the value when it was a hit, and the ticket a later set must present. */
export interface CacheRead<T> {
  hit: boolean;
  value: T | undefined;
  /** Where a fill goes; null when the cache is off or bypassed. */
  fillKey: string | null;
}

/** Lists sorted by views change order with every view and views never invalidate: they live this long at most. */
const MOST_VIEWED_TTL_S = 10;

const FAILED = Symbol('failed');

export class ForumCacheService {
  private readonly backend: CacheBackend | null;
  private readonly flights = new Map<string, Promise<unknown>>();
  private readonly poller: NodeJS.Timeout | undefined;
  private lost = false;
  private polling = false;
  /** Test seam: runs after a miss's load and before its fill (the race test holds a fill here). */
  readonly hooks: { beforeFill?: (kind: CacheKind, key: string) => Promise<void> } = {};

  constructor(private readonly options: ForumCacheOptions) {
    this.backend = options.backend;
    const pollMs = options.pollMs ?? 1000;
    if (this.backend && pollMs > 0) {
      this.poller = setInterval(() => void this.poll(), pollMs);
      this.poller.unref();
    }
  }

  get enabled() { return this.backend !== null; }

  // ---- the specification's API: get / set / invalidate per kind ----

  getThread(slug: string) { return this.get<ThreadView | null>('thread', { key: keys.thread(slug), stamps: dependencies.thread(slug) }); }
  setThread(read: CacheRead<unknown>, value: ThreadView | null) { return this.set('thread', read, value, this.options.ttl.thread); }
  invalidateThread(slug: string) { return this.invalidate('thread', [stamps.thread(slug)]); }

  getThreadList(args: NormalizedListArgs) { return this.get<ThreadListView>('thread_list', listRequest(args)); }
  setThreadList(read: CacheRead<unknown>, args: NormalizedListArgs, value: ThreadListView) {
    return this.set('thread_list', read, value, listTtl(args, this.options.ttl.list));
  }
  /** Every page and filter of one category's lists (and of lists across categories, which contain them). */
  invalidateThreadList(categorySlug: string) {
    return this.invalidate('thread_list', [stamps.categoryLists(categorySlug), stamps.globalLists()]);
  }
  invalidateAllThreadLists() { return this.invalidate('thread_list', [stamps.allLists()]); }
  /** Lists filtered by search: their membership changes with any post or title edit. */
  invalidateSearchLists() { return this.invalidate('thread_list', [stamps.searchLists()]); }

  getCategory(slug: string) { return this.get<CategoryView | null>('category', { key: keys.category(slug), stamps: dependencies.category(slug) }); }
  setCategory(read: CacheRead<unknown>, value: CategoryView | null) { return this.set('category', read, value, this.options.ttl.category); }
  invalidateCategory(slug: string) { return this.invalidate('category', [stamps.category(slug)]); }
  invalidateCategoryTree() { return this.invalidate('category', [stamps.categoryTree()]); }

  /** Makes every entry unreachable at once (role changes, which show in every embedded author; npm run cache:clear). */
  invalidateEverything() { return this.invalidate('thread', [stamps.epoch()]); }

  // ---- read-through, with one load per key in this process under a stampede ----

  thread(slug: string, load: () => Promise<ThreadView | null>) {
    return this.one('thread', { key: keys.thread(slug), stamps: dependencies.thread(slug) }, this.options.ttl.thread, load);
  }

  threads(slugs: readonly string[], load: (slugs: string[]) => Promise<(ThreadView | null)[]>) {
    const requests = slugs.map((slug) => ({ key: keys.thread(slug), stamps: dependencies.thread(slug) }));
    return this.many('thread', requests, this.options.ttl.thread, (indices) => load(indices.map((i) => slugs[i]!)));
  }

  postPage(slug: string, first: number, after: string | null, load: () => Promise<PostPageView>) {
    const request = { key: keys.postPage(slug, first, after), stamps: dependencies.thread(slug) };
    return this.one('thread', request, this.options.ttl.thread, load);
  }

  threadList(args: NormalizedListArgs, load: () => Promise<ThreadListView>) {
    return this.one('thread_list', listRequest(args), listTtl(args, this.options.ttl.list), load);
  }

  categories(slugs: readonly string[], load: (slugs: string[]) => Promise<(CategoryView | null)[]>) {
    const requests = slugs.map((slug) => ({ key: keys.category(slug), stamps: dependencies.category(slug) }));
    return this.many('category', requests, this.options.ttl.category, (indices) => load(indices.map((i) => slugs[i]!)));
  }

  categoryTree(load: () => Promise<CategoryTreeView>) {
    const request = { key: keys.categoryTree(), stamps: dependencies.categoryTree() };
    return this.one('category', request, this.options.ttl.category, load);
  }

  /** Bumps stamps after a commit. A bump that cannot reach the backend is kept in PostgreSQL and applied later. */
  async invalidate(kind: CacheKind, stampKeys: readonly string[]): Promise<void> {
    if (!this.backend || stampKeys.length === 0) return;
    this.options.metrics.cacheInvalidations.inc({ kind }, stampKeys.length);
    this.options.logger.info({ kind, stamps: stampKeys }, '[CACHE] DELETE');
    const backend = this.backend;
    const result = await this.call('invalidate', () => backend.bump(stampKeys));
    if (result !== FAILED) return;
    try {
      await insertPending(this.options.db, stampKeys);
    } catch (error) {
      this.options.logger.error({ err: error, stamps: stampKeys }, 'cache: an invalidation reached neither Redis nor PostgreSQL');
    }
  }

  /** Applies pending invalidations; after a lost backend, first makes every older entry unreachable. */
  async poll(): Promise<void> {
    const backend = this.backend;
    if (!backend || this.polling) return;
    this.polling = true;
    try {
      if (this.lost) {
        const bumped = await this.call('invalidate', () => backend.bump([stamps.epoch()]), { quiet: true });
        if (bumped === FAILED) return;
        this.lost = false;
        this.options.logger.warn('cache: backend reachable again; epoch bumped, serving from cache');
      }
      const rows = await findPending(this.options.db);
      if (rows.length === 0) return;
      const applied = await this.call('invalidate', () => backend.bump([...new Set(rows.map((r) => r.stampKey))]));
      if (applied !== FAILED) await deletePending(this.options.db, rows.map((r) => r.id));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'cache: applying pending invalidations failed; will retry');
    } finally {
      this.polling = false;
    }
  }

  /** 'degraded' while the backend is unreachable or not yet re-synced. */
  async health(): Promise<'ok' | 'degraded'> {
    const backend = this.backend;
    if (!backend) return 'ok';
    if (this.lost) return 'degraded';
    const pinged = await this.call('get', () => backend.ping(), { quiet: true });
    return pinged === FAILED ? 'degraded' : 'ok';
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    await this.backend?.close();
  }

  // ---- internals ----

  private async get<T>(kind: CacheKind, request: EntryRequest): Promise<CacheRead<T>> {
    const reads = await this.read(kind, [request]);
    const read = reads?.[0];
    if (!read) return { hit: false, value: undefined, fillKey: null };
    return read.value === null
      ? { hit: false, value: undefined, fillKey: read.fillKey }
      : { hit: true, value: JSON.parse(read.value) as T, fillKey: read.fillKey };
  }

  private async set(kind: CacheKind, read: CacheRead<unknown>, value: unknown, ttl: number): Promise<void> {
    if (read.fillKey) await this.write(kind, read.fillKey, JSON.stringify(value), ttl);
  }

  private async one<T>(kind: CacheKind, request: EntryRequest, ttl: number, load: () => Promise<T>): Promise<T> {
    const [value] = await this.many(kind, [request], ttl, () => load().then((v) => [v]));
    return value as T;
  }

  private async many<T>(
    kind: CacheKind, requests: EntryRequest[], ttl: number, load: (indices: number[]) => Promise<T[]>,
  ): Promise<T[]> {
    const results = new Array<T>(requests.length);
    const reads = await this.read(kind, requests);
    if (!reads) {
      const loaded = await this.loadCounted(kind, requests.map((_, i) => i), load);
      return loaded;
    }
    const waits: Promise<void>[] = [];
    const toLoad: number[] = [];
    reads.forEach((read, i) => {
      if (read.value !== null) {
        results[i] = JSON.parse(read.value) as T;
        return;
      }
      const flight = this.flights.get(read.fillKey);
      if (flight) waits.push(flight.then((v) => { results[i] = v as T; }));
      else toLoad.push(i);
    });
    if (toLoad.length > 0) waits.push(this.loadAndFill(kind, reads, toLoad, ttl, load, results));
    await Promise.all(waits);
    return results;
  }

  private async loadAndFill<T>(
    kind: CacheKind, reads: EntryRead[], indices: number[], ttl: number,
    load: (indices: number[]) => Promise<T[]>, results: T[],
  ): Promise<void> {
    const loading = this.loadCounted(kind, indices, load);
    indices.forEach((i, j) => {
      const key = reads[i]!.fillKey;
      const flight = loading.then((values) => values[j]);
      flight.catch(() => {});
      this.flights.set(key, flight);
    });
    try {
      const values = await loading;
      indices.forEach((i, j) => { results[i] = values[j]!; });
      if (this.hooks.beforeFill) await this.hooks.beforeFill(kind, reads[indices[0]!]!.fillKey);
      await Promise.all(indices.map((i, j) => this.write(kind, reads[i]!.fillKey, JSON.stringify(values[j]), ttl)));
    } finally {
      for (const i of indices) this.flights.delete(reads[i]!.fillKey);
    }
  }

  private loadCounted<T>(kind: CacheKind, indices: number[], load: (indices: number[]) => Promise<T[]>): Promise<T[]> {
    this.options.metrics.dbLoads.inc({ kind }, indices.length);
    return load(indices);
  }

  /** null: bypass the cache (off, or the backend was lost and is not re-synced yet). */
  private async read(kind: CacheKind, requests: EntryRequest[]): Promise<EntryRead[] | null> {
    const backend = this.backend;
    if (!backend || this.lost) return null;
    const reads = await this.call('get', () => backend.read(requests));
    if (reads === FAILED) return null;
    const { metrics, logger } = this.options;
    const debug = logger.isLevelEnabled('debug');
    let hits = 0;
    for (const read of reads) {
      if (read.value !== null) hits++;
      if (debug) logger.debug({ kind, key: read.fillKey }, read.value !== null ? '[CACHE] HIT' : '[CACHE] MISS');
    }
    if (hits > 0) metrics.cacheRequests.inc({ kind, result: 'hit' }, hits);
    if (hits < reads.length) metrics.cacheRequests.inc({ kind, result: 'miss' }, reads.length - hits);
    return reads;
  }

  private async write(kind: CacheKind, fillKey: string, value: string, ttl: number): Promise<void> {
    const backend = this.backend;
    if (!backend || this.lost) return;
    const { logger } = this.options;
    if (logger.isLevelEnabled('debug')) logger.debug({ kind, key: fillKey }, '[CACHE] SET');
    await this.call('set', () => backend.write(fillKey, value, ttl));
  }

  /** Runs a backend call with a timeout; a failure is counted, marks the backend lost, and never throws. */
  private async call<T>(op: 'get' | 'set' | 'invalidate', fn: () => Promise<T>, opts: { quiet?: boolean } = {}) {
    try {
      return await withTimeout(fn(), this.options.opTimeoutMs ?? 250, `cache ${op}`);
    } catch (error) {
      if (!opts.quiet) this.options.metrics.cacheErrors.inc({ op });
      if (!this.lost) this.options.logger.warn({ err: error, op }, 'cache: backend failed; serving from the database');
      this.lost = true;
      return FAILED;
    }
  }
}

const listRequest = (args: NormalizedListArgs): EntryRequest => ({ key: keys.list(args), stamps: dependencies.list(args) });
const listTtl = (args: NormalizedListArgs, ttl: number) => (args.sort === 'MOST_VIEWED' ? Math.min(ttl, MOST_VIEWED_TTL_S) : ttl);
