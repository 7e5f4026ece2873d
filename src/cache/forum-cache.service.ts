// ForumCacheService: read-through caching of threads, post pages, thread lists, categories and people, kept fresh by
// generation stamps (docs/architecture.md). A reader reads the stamps together with the entry, before it loads from the
// database, and fills under the stamp values it read (read-through.ts); a writer's changes are applied after its
// transaction commits (outbox.ts). A fill that raced with a write therefore lands under old stamps, where no reader
// looks. This file says which entry each read uses, with which stamps and TTL.
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { CacheKind, Metrics } from '../metrics.js';
import type {
  CategoryTreeView, CategoryView, PageReactionsView, PostPageView, SessionView, ThreadListView, ThreadReactionsView,
  ThreadView, UserView,
} from '../model/views.js';
import type { ListPosition } from '../data/thread-list.query.js';
import type { BodyFields } from '../model/post-body-fields.js';
import type { CacheBackend, EntryRequest } from './cache-backend.js';
import type { DomainChange } from './changes.js';
import { GuardedBackend } from './guarded-backend.js';
import { dependencies, keys, stampKind, stamps, type NormalizedListArgs } from './keys.js';
import { MaintainedLists, type BucketLoader } from './maintained-lists.js';
import { Outbox } from './outbox.js';
import { ReadThrough, type CacheRead } from './read-through.js';
import { resyncsAll, type Announcement, type PositionedEvent } from '../live/live-event.js';
import type { ResponseDeps } from './response-deps.js';

export interface CacheTtls { thread: number; list: number; category: number; user: number }

export interface ForumCacheOptions {
  /** null: CACHE=off, every read goes to the database. */
  backend: CacheBackend | null;
  db: Db;
  ttl: CacheTtls;
  metrics: Metrics;
  logger: Logger;
  /** Timeout around every backend call. Defaults to 250 ms. */
  opTimeoutMs?: number;
  /** How often outbox rows left behind are applied and a lost Redis is re-synced. Defaults to 1000 ms; 0 disables. */
  pollMs?: number;
  /** Tells subscribers what changed, after the changes were applied (src/cache/outbox.ts). Must not throw. */
  announce?: (announcement: Announcement) => Promise<void>;
  /** This process's owner token (Database.owner), which claims the outbox rows its writers insert. */
  owner?: string;
  /**
   * The cache lease's length (src/cache/outbox.ts). Defaults to 3000 ms on a shared backend (Redis) when the outbox
   * polls, else 0 (none: an in-process cache is this process's own).
   */
  leaseMs?: number;
  /** How old an outbox row may get before it stops every lease's renewal. Defaults to 1000 ms. */
  leaseGraceMs?: number;
}

export type { CacheRead } from './read-through.js';

/** Which entries, and which of their companions (reaction counts), missed: positions in the request's list. */
export interface EntryMisses { entries: number[]; reactions: number[] }

/** Lists sorted by views change order with every view and views never invalidate: they live this long at most. */
const MOST_VIEWED_TTL_S = 10;

export class ForumCacheService {
  /** null: CACHE=off. */
  readonly backend: GuardedBackend | null;
  /** null: CACHE=off (nothing to keep fresh; mutations then write no outbox rows). */
  private readonly outbox: Outbox | null;
  /** null: CACHE=off. */
  private readonly lists: MaintainedLists | null;
  private ownerToken: string | undefined;
  /** Entries read through (read-through.ts). */
  private readonly entries: ReadThrough;
  /**
   * Test seams: beforeFill runs after a miss's load and before its fill (the race test holds a fill here);
   * beforePollApply runs before a poll applies the rows it claimed (the lease test holds a slow process there).
   */
  readonly hooks: {
    beforeFill?: (kind: CacheKind, key: string) => Promise<void>;
    beforePollApply?: () => Promise<void>;
    /** After a mutation's change was applied, before the mutation reads what it answers. */
    afterApply?: () => Promise<void>;
  } = {};

  constructor(private readonly options: ForumCacheOptions) {
    this.backend = options.backend && new GuardedBackend({
      backend: options.backend, metrics: options.metrics, logger: options.logger, opTimeoutMs: options.opTimeoutMs,
    });
    this.entries = new ReadThrough({ backend: this.backend, metrics: options.metrics, logger: options.logger, hooks: this.hooks });
    this.lists = this.backend && new MaintainedLists({
      backend: this.backend, metrics: options.metrics, logger: options.logger, ttl: options.ttl,
    });
    const lists = this.lists;
    this.outbox = this.backend && new Outbox({
      backend: this.backend, db: options.db, owner: this.owner, metrics: options.metrics, logger: options.logger,
      pollMs: options.pollMs, leaseMs: options.leaseMs ?? (options.backend?.name === 'redis' && options.pollMs !== 0 ? 3000 : 0),
      applyLists: lists ? (effects) => lists.apply(effects) : undefined, announce: options.announce,
      leaseGraceMs: options.leaseGraceMs, hooks: this.hooks,
    });
  }

  /** Who claims the outbox rows this process's writers insert (ForumCacheOptions.owner, else a token of its own). */
  get owner(): string {
    this.ownerToken ??= this.options.owner ?? `cache-${Math.random().toString(36).slice(2)}`;
    return this.ownerToken;
  }

  /** Whether mutations must record their changes in the outbox (false with CACHE=off). */
  get enabled(): boolean { return this.outbox !== null; }

  // ---- after a commit: what changed (services call these; src/cache/invalidation.ts says what goes stale) ----

  /**
   * Applies the changes the committed transaction recorded in outbox row `outboxId` (see src/cache/outbox.ts), then
   * announces their events. With CACHE=off there is no row (null) and nothing to apply: the events are announced at once.
   */
  async afterCommit(outboxId: number | null, changes: readonly DomainChange[], events: readonly PositionedEvent[]): Promise<void> {
    if (this.outbox && outboxId !== null) await this.outbox.afterCommit(outboxId, changes, events);
    else if (!this.outbox) await this.options.announce?.({ events: [...events], resyncAll: resyncsAll(changes) });
    await this.hooks.afterApply?.();
  }

  /** Inside the writing transaction: this process's poll leaves outbox row `id` to its writer (see Outbox.hold). */
  holdOutboxRow(id: number): () => void {
    this.outbox?.hold(id);
    return () => this.outbox?.release(id);
  }

  // ---- lists maintained on write (src/cache/maintained-lists.ts) ----

  /** A page of a maintained list from its index; null when not maintained or not ready (see MaintainedLists). */
  indexedThreadList(args: NormalizedListArgs, after: ListPosition | null, load: BucketLoader, deps?: ResponseDeps) {
    return this.lists?.page(args, after, load, deps) ?? Promise.resolve(null);
  }

  /** Categories' counts from their list indexes; null where not ready, or with CACHE=off (see MaintainedLists). */
  categoryCounts(slugs: readonly string[], load: BucketLoader, deps?: ResponseDeps) {
    return this.lists?.categoryCounts(slugs, load, deps) ?? Promise.resolve(slugs.map(() => null));
  }

  /**
   * Index builds under way in this process have finished, and the outbox rows it applied are deleted and announced
   * (a mutation answers before those): for tests that count statements or events per request.
   */
  async settled(): Promise<void> {
    await Promise.all([this.lists?.settled(), this.outbox?.settled()]);
  }

  // ---- the specification's API: get / set / invalidate per kind ----
  // The invalidate* methods bump stamps directly, for tests, benchmarks and tools; a failed bump is not kept.
  // Mutations never call them: they record DomainChanges in the outbox.

  getThread(slug: string) { return this.entries.get<ThreadView | null>('thread', threadRequest(slug)); }
  setThread(read: CacheRead<unknown>, value: ThreadView | null) { return this.entries.set('thread', read, value, this.options.ttl.thread); }
  invalidateThread(slug: string) { return this.invalidate([stamps.thread(slug), stamps.reactions(slug), stamps.legacyThread(slug)]); }

  getThreadList(args: NormalizedListArgs) { return this.entries.get<ThreadListView>('thread_list', listRequest(args)); }
  setThreadList(read: CacheRead<unknown>, args: NormalizedListArgs, value: ThreadListView) {
    return this.entries.set('thread_list', read, value, listTtl(args, this.options.ttl.list));
  }
  /** Every page and filter of one category's lists (and of lists across categories, which contain them). */
  invalidateThreadList(categorySlug: string) {
    return this.invalidate([stamps.categoryLists(categorySlug), stamps.globalLists()]);
  }
  invalidateAllThreadLists() { return this.invalidate([stamps.allLists()]); }
  /** Lists filtered by search: their membership changes with any post or title edit. */
  invalidateSearchLists() { return this.invalidate([stamps.searchLists()]); }

  getCategory(slug: string) { return this.entries.get<CategoryView | null>('category', { key: keys.category(slug), stamps: dependencies.category(slug) }); }
  setCategory(read: CacheRead<unknown>, value: CategoryView | null) { return this.entries.set('category', read, value, this.options.ttl.category); }
  invalidateCategory(slug: string) { return this.invalidate([stamps.category(slug)]); }
  invalidateCategoryTree() { return this.invalidate([stamps.categoryTree()]); }

  getUser(id: number) { return this.entries.get<UserView | null>('user', { key: keys.user(id), stamps: dependencies.user(id) }); }
  setUser(read: CacheRead<unknown>, value: UserView | null) { return this.entries.set('user', read, value, this.options.ttl.user); }
  /** A user's name, avatar or role shows on every page they appear on, through this one entry. */
  invalidateUser(id: number) { return this.invalidate([stamps.user(id)]); }

  /** Makes every entry unreachable at once (npm run cache:clear). */
  invalidateEverything() { return this.invalidate([stamps.epoch()]); }

  // ---- read-through, with one load per key in this process under a stampede ----

  thread(slug: string, load: () => Promise<ThreadView | null>, deps?: ResponseDeps) {
    return this.entries.one('thread', threadRequest(slug), this.options.ttl.thread, load, deps);
  }

  /** Threads, without their reaction counts (threadsWithReactions reads both). */
  threads(slugs: readonly string[], load: (slugs: string[]) => Promise<(ThreadView | null)[]>, deps?: ResponseDeps) {
    return this.entries.many('thread', slugs.map(threadRequest), this.options.ttl.thread, (indices) => load(indices.map((i) => slugs[i]!)), deps);
  }

  /**
   * Pages of posts; each depends on its thread's stamp, so anything that changes the thread changes its pages. They
   * hold the posts' body `fields` only: each selection of fields is an entry of its own, under the same stamp. They
   * hold no reaction counts (postPagesWithReactions reads both).
   */
  postPages(pages: readonly PageOf[], fields: BodyFields, load: (indices: number[]) => Promise<PostPageView[]>, deps?: ResponseDeps) {
    return this.entries.many('thread', pages.map((p) => pageRequest(p, fields)), this.options.ttl.thread, load, deps);
  }

  /**
   * Threads and their reaction counts, both entries of each thread in one read: the counts are entries of their own
   * under the thread's `reactions` stamp (a reaction bumps it alone), counted as kind `thread` (part of a thread's
   * page). `load` gets the thread entries and the counts entries that missed (positions in `slugs`): a thread that
   * missed both is read once, its counts in the same statement.
   */
  threadsWithReactions(
    slugs: readonly string[], load: (misses: EntryMisses) => Promise<{ entries: (ThreadView | null)[]; reactions: ThreadReactionsView[] }>,
    deps?: ResponseDeps,
  ) {
    const requests = [
      ...slugs.map(threadRequest),
      ...slugs.map((slug) => ({ key: keys.threadReactions(slug), stamps: dependencies.reactions(slug) })),
    ];
    return this.withCompanions<ThreadView | null, ThreadReactionsView>(slugs.length, requests, load, deps);
  }

  /**
   * Pages of posts (as postPages) and the reaction counts of their posts, both entries of each page in one read; the
   * counts' entry names the posts it counted, so a reader can tell whether both came from one page (see postPages).
   */
  postPagesWithReactions(
    pages: readonly PageOf[], fields: BodyFields,
    load: (misses: EntryMisses) => Promise<{ entries: PostPageView[]; reactions: PageReactionsView[] }>, deps?: ResponseDeps,
  ) {
    const requests = [
      ...pages.map((p) => pageRequest(p, fields)),
      ...pages.map((p) => ({ key: keys.pageReactions(p.slug, p.size, p.cursor, p.direction), stamps: dependencies.reactions(p.slug) })),
    ];
    return this.withCompanions<PostPageView, PageReactionsView>(pages.length, requests, load, deps);
  }

  /** n entries and their n companions (requests[n + i] belongs to requests[i]), read in one round trip. */
  private async withCompanions<E, C>(
    n: number, requests: EntryRequest[], load: (misses: EntryMisses) => Promise<{ entries: E[]; reactions: C[] }>, deps?: ResponseDeps,
  ): Promise<{ entries: E[]; reactions: C[] }> {
    const values = await this.entries.many<E | C>('thread', requests, this.options.ttl.thread, async (indices) => {
      const misses: EntryMisses = { entries: indices.filter((i) => i < n), reactions: indices.filter((i) => i >= n).map((i) => i - n) };
      const loaded = await load(misses);
      const at = new Map<number, E | C>();
      misses.entries.forEach((i, j) => at.set(i, loaded.entries[j]!));
      misses.reactions.forEach((i, j) => at.set(n + i, loaded.reactions[j]!));
      return indices.map((i) => at.get(i)!);
    }, deps);
    return { entries: values.slice(0, n) as E[], reactions: values.slice(n) as C[] };
  }

  threadList(args: NormalizedListArgs, load: () => Promise<ThreadListView>, deps?: ResponseDeps) {
    return this.entries.one('thread_list', listRequest(args), listTtl(args, this.options.ttl.list), load, deps);
  }

  /** A filtered list's totalCount: an entry of its own, under the same stamps as the list's pages. */
  threadCount(args: NormalizedListArgs, load: () => Promise<number>, deps?: ResponseDeps) {
    const request = { key: keys.listCount(args), stamps: dependencies.list(args) };
    return this.entries.one('thread_list', request, listTtl(args, this.options.ttl.list), load, deps);
  }

  categories(slugs: readonly string[], load: (slugs: string[]) => Promise<(CategoryView | null)[]>, deps?: ResponseDeps) {
    const requests = slugs.map((slug) => ({ key: keys.category(slug), stamps: dependencies.category(slug) }));
    return this.entries.many('category', requests, this.options.ttl.category, (indices) => load(indices.map((i) => slugs[i]!)), deps);
  }

  /**
   * Users by id, the authors of the pages a request shows: one round trip for all of them. `load` is told whether the
   * cache was bypassed (off, or the backend unavailable): only then may it answer from rows read before this call.
   */
  users(ids: readonly number[], load: (ids: number[], bypassed: boolean) => Promise<(UserView | null)[]>, deps?: ResponseDeps) {
    const requests = ids.map((id) => ({ key: keys.user(id), stamps: dependencies.user(id) }));
    return this.entries.many('user', requests, this.options.ttl.user,
      (indices, bypassed) => load(indices.map((i) => ids[i]!), bypassed), deps);
  }

  /**
   * People's entries (profiles, name lookups, a user's lists and counts: keys and stamps from keys.ts), read through
   * like every other kind, with the users' TTL, counted as kind `user`.
   */
  people<T>(requests: EntryRequest[], load: (indices: number[]) => Promise<T[]>, deps?: ResponseDeps) {
    return this.entries.many('user', requests, this.options.ttl.user, load, deps);
  }

  /**
   * The session behind a token hash of a known user (null: not live), read under that user's stamps
   * (`dependencies.session`): a revocation, a role change or a suspension bumps one of them after its commit, so the
   * next read on any process misses and loads the row again. Off or bypassed (Redis unavailable): always the database.
   */
  session(tokenHash: string, userId: number, load: () => Promise<SessionView | null>) {
    const request = { key: keys.session(tokenHash), stamps: dependencies.session(userId) };
    return this.entries.one('session', request, this.options.ttl.user, load);
  }

  categoryTree(load: () => Promise<CategoryTreeView>, deps?: ResponseDeps) {
    const request = { key: keys.categoryTree(), stamps: dependencies.categoryTree() };
    return this.entries.one('category', request, this.options.ttl.category, load, deps);
  }

  /** Bumps stamps now (see the invalidate* methods above). */
  async invalidate(stampKeys: readonly string[]): Promise<void> {
    if (!this.backend || stampKeys.length === 0) return;
    for (const stamp of stampKeys) {
      this.options.metrics.cacheInvalidations.inc({ kind: stampKind(stamp) });
      this.options.logger.debug({ stamp }, '[CACHE] DELETE');
    }
    await this.backend.bump(stampKeys);
  }

  /** Applies outbox rows left behind now (the poll does it about once a second, and a NOTIFY at once). */
  poll(): Promise<void> {
    return this.outbox?.poll() ?? Promise.resolve();
  }

  /** Takes this process's first cache lease (start-up awaits it): until then, reads go to the database. */
  start(): Promise<void> {
    return this.outbox?.renewLease() ?? Promise.resolve();
  }

  /** 'degraded' while the backend is unreachable or not yet re-synced. */
  health(): Promise<'ok' | 'degraded'> {
    return this.backend?.health() ?? Promise.resolve('ok');
  }

  async close(): Promise<void> {
    await this.outbox?.close();
    await this.backend?.close();
  }
}

/** A page of a thread's posts, as its cache entries name it. */
interface PageOf { slug: string; size: number; cursor: string | null; direction: 'forward' | 'backward' }
const threadRequest = (slug: string): EntryRequest => ({ key: keys.thread(slug), stamps: dependencies.thread(slug) });
const pageRequest = (p: PageOf, fields: BodyFields): EntryRequest =>
  ({ key: keys.postPage(p.slug, p.size, p.cursor, p.direction, fields), stamps: dependencies.thread(p.slug) });
const listRequest = (args: NormalizedListArgs): EntryRequest => ({ key: keys.list(args), stamps: dependencies.list(args) });
const listTtl = (args: NormalizedListArgs, ttl: number) => (args.sort === 'MOST_VIEWED' ? Math.min(ttl, MOST_VIEWED_TTL_S) : ttl);

