// The read side for one request: validates arguments, reads through ForumCacheService, and on a miss builds
// the shared read models, each kind in one statement per batch (joins and lateral aggregates in src/data), so
// a miss costs a few round trips, the same for any page size.
import DataLoader from 'dataloader';
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { filterHash, normalizeListArgs, type NormalizedListArgs, type ThreadListArgs } from '../cache/keys.js';
import { ALL_BUCKET } from '../cache/list-index.js';
import { VIEW_COUNT_TTL_S, type ResponseDeps } from '../cache/response-deps.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Db } from '../db/client.js';
import type { ReactionTypeName } from '../db/schema.js';
import { findTopLevelSlugs } from '../data/categories.data.js';
import { countCategories, findCategoryEntries } from '../data/category-entries.query.js';
import {
  findLivePostEntries, findLivePostEntriesAnyThread, findLivePostEntry, findWrittenPostEntry, type LivePostEntryRow,
} from '../data/post-entries.query.js';
import { readablePosition } from '../data/live-events.data.js';
import type { PublicUserRow } from '../data/read-columns.js';
import { findWrittenThreadEntry } from '../data/thread-entries.query.js';
import { findPostReactionCounts, findThreadReactionCounts } from '../data/reaction-counts.query.js';
import { findListedThreads } from '../data/threads.data.js';
import { findUsersByIds } from '../data/users.data.js';
import {
  countThreads, findThreadPage, isValidPosition, positionOf, type ListPosition, type ThreadSortName,
} from '../data/thread-list.query.js';
import { wordQueries } from '../data/search-matches.js';
import { badInput, notFound } from '../errors.js';
import { loadAll, type Loaders } from '../loaders/loaders.js';
import { encodeLiveCursor } from '../live/live-cursor.js';
import { ALL_BODY_FIELDS, type BodyFields } from '../model/post-body-fields.js';
import * as validate from '../validation.js';
import { AfterReads } from './after-reads.js';
import { CategoryPositions } from './category-positions.js';
import { NodeReader } from './node-reader.js';
import { PeopleReader } from './people-reader.js';
import { ReadStateReader } from './read-state-reader.js';
import { countsOf, postView } from './post-view.js';
import { NO_REACTIONS, ThreadPageLoads, threadView, type PageRequest } from './thread-page-loads.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import type {
  CategoryCountsView, CategoryTreeView, CategoryView, PostPageView, PostView, ReactionCountsView, ThreadListView, ThreadView,
  UserView,
} from '../model/views.js';

/**
 * A list as the resolvers get it: the (cached) view, and what to count when the query selects totalCount (`count`
 * for a list of the viewer's own, such as unreadThreads, else the list's arguments).
 */
export interface ThreadListResult extends ThreadListView { args: NormalizedListArgs; count?: () => Promise<number> }

/** The arguments of Thread.posts as a client sent them. */
export interface PostPageArgs { first: number; after: string | null; last: number | null; before: string | null }

export const userView = (row: PublicUserRow): UserView => ({
  id: String(row.id), username: row.username, displayName: row.displayName, avatarUrl: row.avatarUrl,
  role: row.role, createdAt: row.createdAt.toISOString(),
});


const isPostPosition = (p: unknown) => Array.isArray(p) && p.length === 2 && validate.isCursorTime(p[0])
  && Number.isSafeInteger(p[1]);

export class ForumReader {
  private readonly threadViews: DataLoader<string, ThreadView | null>;
  private readonly categoryViews: DataLoader<string, CategoryView | null>;
  private readonly categoryCountViews: DataLoader<string, CategoryCountsView>;
  /** What a list index of one category (or of all, null) is built from, when a build starts. */
  private readonly loadBucket = (categorySlug: string | null) => findListedThreads(this.db, categorySlug);
  /** The live positions of the post pages this request showed, by thread slug (Thread.liveCursor). */
  private readonly pagesShown = new Map<string, Promise<number | null | undefined>[]>();
  /** Which of the posts' body fields this request's post pages read and cache (selectBodyFields). */
  private bodyFields: BodyFields = ALL_BODY_FIELDS;
  /** Whether this request shows threads' and posts' reaction counts (selectReactions). */
  private reactionsShown = { thread: true, post: true };
  /** Threads, pages of posts and their reaction counts: read through the cache, built on a miss. */
  private readonly loads: ThreadPageLoads;
  /** Post pages requested in one tick (the threads of a list) are read together and loaded together. */
  private readonly postPages: DataLoader<PageRequest, PostPageView, string>;
  /** Live posts of live threads by id (post(id), node): read from the database, one statement per batch. */
  private readonly postsById: DataLoader<number, PostView | null>;
  /** Live posts read beside a thread the response shows (its answer, a reply's target): the thread is not asked again. */
  private readonly postsBesideThread: DataLoader<number, PostView | null>;
  /** Authors, from their own entries: one batch per request once its page reads have settled (AfterReads). */
  private readonly authors: DataLoader<number, UserView | null>;
  /** Profiles, user lists and the moderators' queue. */
  readonly people: PeopleReader;
  /** Category.liveCursor: positions read before the category's lists and counts (src/read/category-positions.ts). */
  readonly categoryPositions: CategoryPositions;
  /** node(id) and nodes(ids): global ids through the typed reads below. */
  readonly nodes: NodeReader;
  /** The viewer's read marks and unread threads (per viewer, never in a shared entry). */
  readonly reads: ReadStateReader;
  /**
   * Authors in the rows this request's builders read. Used only when the user read bypassed the cache (off, or Redis
   * unavailable), where nothing is stored: a miss that fills an entry reads its users after their stamps.
   */
  private readonly authorRows = new Map<number, PublicUserRow>();

  constructor(
    private readonly db: Db,
    private readonly cache: ForumCacheService,
    private readonly loaders: Loaders,
    private readonly views: ViewCounter,
    /** Collects what an anonymous response is built from, for the response fast path. */
    private readonly deps: ResponseDeps | null = null,
    /**
     * When the batches that wait for the page reads are sent: authors, and the viewer's own state (the loaders were
     * made with its schedule, so a page's read marks and reactions go in one statement).
     */
    private readonly afterReads = new AfterReads(),
  ) {
    const d = deps ?? undefined;
    this.people = new PeopleReader(db, cache, deps);
    this.categoryPositions = new CategoryPositions(db);
    this.nodes = new NodeReader(db, this, deps);
    this.reads = new ReadStateReader(db, loaders, deps);
    this.loads = new ThreadPageLoads(db, cache, d, this.authorRows);
    this.threadViews = new DataLoader((slugs) => this.loads.threads(slugs, this.reactionsShown.thread));
    this.categoryViews = new DataLoader((slugs) => cache.categories(slugs, (missing) => this.buildCategories(missing), d));
    this.categoryCountViews = new DataLoader((slugs) => this.loadCategoryCounts(slugs));
    this.postPages = new DataLoader(
      (pages) => this.loads.pages(pages, this.bodyFields, this.reactionsShown.post),
      { cacheKeyFn: (p) => `${p.thread.slug}\n${p.direction}\n${p.size}\n${p.cursor ?? ''}` },
    );
    this.postsById = this.postLoader((ids) => findLivePostEntries(db, ids));
    this.postsBesideThread = this.postLoader((ids) => findLivePostEntriesAnyThread(db, ids));
    this.authors = new DataLoader(
      (ids) => cache.users(ids, (missing, bypassed) => this.buildUsers(missing, bypassed), d),
      { batchScheduleFn: this.afterReads.schedule },
    );
  }

  /**
   * The operation shows only these body fields of posts (src/graphql/selected-fields.ts): its post pages then read and cache
   * only these, under entries of their own. Told before the operation runs; untold, pages hold every field.
   */
  selectBodyFields(fields: BodyFields): void {
    this.bodyFields = fields;
  }

  /**
   * Whether the operation shows Thread.reactionCounts and Post.reactionCounts: threads and pages then read their
   * counts' entries too (src/read/thread-page-loads.ts). Untold (a subscription's event), they do.
   */
  selectReactions(shown: { thread: boolean; post: boolean }): void {
    this.reactionsShown = shown;
  }

  /** Query.thread counts one view per evaluation (buffered; docs/api.md). */
  countView(thread: ThreadView): void {
    this.views.record(Number(thread.id));
    this.deps?.viewedThreadIds.push(Number(thread.id));
  }

  thread(slug: string): Promise<ThreadView | null> {
    return this.afterReads.track(() => this.threadViews.load(slug));
  }

  async threadsBySlugs(slugs: readonly string[]): Promise<ThreadView[]> {
    const views = await this.afterReads.track(() => loadAll(this.threadViews, slugs));
    // A slug can vanish between a list fill and this read only through a deletion, which bumped the list too.
    return views.filter((v): v is ThreadView => v !== null);
  }

  async threadList(args: ThreadListArgs): Promise<ThreadListResult> {
    validate.first(args.first ?? 20);
    if (args.filter?.search != null) validate.search(args.filter.search);
    if (args.filter?.tags != null) validate.tags(args.filter.tags);
    const normalized = normalizeListArgs(args);
    if (normalized.sort === 'RELEVANCE' && wordQueries(normalized.filter.searchWords ?? []).length === 0) {
      throw badInput('sort RELEVANCE needs a search with at least one word of letters or digits', 'sort');
    }
    return { ...await this.listPage(normalized), args: normalized };
  }

  /**
   * The number of live threads a list holds, exact: from the maintained list index when the list is one category's
   * or all threads (kept on write, no SQL); without one (CACHE=off, or an index not built yet) from the counts kept in
   * the category rows; with other filters counted by index in the database (a cost that grows with the matches). Kept
   * in the cache under the list's stamps.
   */
  async threadCount(list: ThreadListResult): Promise<number> {
    if (list.totalCount !== null) return list.totalCount;
    if (list.count) return list.count();
    const { filter } = list.args;
    await this.categoryPositions.beforeRead(filter.categorySlug);
    if (!filter.searchWords && !filter.tags && filter.authorUsername === undefined && filter.answered === undefined) {
      const bucket = filter.categorySlug ?? ALL_BUCKET;
      const [counts] = await this.cache.categoryCounts([bucket], this.loadBucket, this.deps ?? undefined);
      if (counts) return counts.threadCount;
    }
    return this.cache.threadCount(list.args, () => countThreads(this.db, filter), this.deps ?? undefined);
  }

  private async listPage(normalized: NormalizedListArgs): Promise<ThreadListView> {
    const bound = filterHash(normalized);
    const position = normalized.after === null ? null
      : decodeCursor(normalized.after, bound, (p) => isValidPosition(normalized.sort, p)) as ListPosition;
    await this.categoryPositions.beforeRead(normalized.filter.categorySlug);
    const indexed = await this.cache.indexedThreadList(normalized, position, this.loadBucket, this.deps ?? undefined);
    if (indexed) {
      return {
        slugs: indexed.slugs,
        cursors: indexed.positions.map((p) => encodeCursor(bound, p)),
        hasNextPage: indexed.hasNextPage,
        hasPreviousPage: position !== null,
        totalCount: indexed.totalCount,
      };
    }
    return this.cache.threadList(normalized, async () => {
      const page = await findThreadPage(this.db, normalized.filter, normalized.sort, normalized.first, position);
      return {
        slugs: page.rows.map((r) => r.slug),
        cursors: page.rows.map((r) => encodeCursor(bound, positionOf(r, normalized.sort as ThreadSortName))),
        hasNextPage: page.hasNextPage,
        hasPreviousPage: position !== null,
        totalCount: null,
      };
    }, this.deps ?? undefined);
  }

  /**
   * A page of a thread's posts (docs/api.md, "Backward pages"): `last` or `before` page backwards and then `first` is
   * ignored; `after` with either is refused. Both directions share cursors and return posts in thread order.
   */
  async postPage(thread: ThreadView, args: PostPageArgs): Promise<PostPageView> {
    const backward = args.last !== null || args.before !== null;
    if (backward && args.after !== null) {
      throw badInput('after cannot be combined with last or before: page forwards (first, after) or backwards (last, before)', 'after');
    }
    const bound = `thread:${thread.id}`;
    if (!backward) {
      validate.first(args.first);
      const position = args.after === null ? null : decodeCursor(args.after, bound, isPostPosition);
      return this.shown(thread, this.afterReads.track(() => this.postPages.load({ thread, size: args.first, direction: 'forward', cursor: args.after, position })));
    }
    const last = validate.last(args.last ?? 20);
    const position = args.before === null ? null : decodeCursor(args.before, bound, isPostPosition, 'before');
    return this.shown(thread, this.afterReads.track(() => this.postPages.load({ thread, size: last, direction: 'backward', cursor: args.before, position })));
  }

  /**
   * Thread.reactionCounts of a thread read without them (an operation that was told it does not show them): read for
   * this request alone. Every other read carries them (src/read/thread-page-loads.ts).
   */
  async threadReactions(thread: ThreadView): Promise<ReactionCountsView> {
    if (thread.reactionCounts !== undefined) return thread.reactionCounts;
    this.deps?.markUncacheable();
    const row = (await findThreadReactionCounts(this.db, [thread.slug])).get(thread.slug);
    return row ? countsOf(row) : NO_REACTIONS;
  }

  /** Post.reactionCounts of a post read without them, as threadReactions. */
  async postReactions(post: PostView): Promise<ReactionCountsView> {
    if (post.reactionCounts !== undefined) return post.reactionCounts;
    this.deps?.markUncacheable();
    const row = (await findPostReactionCounts(this.db, [Number(post.id)])).get(Number(post.id));
    return row ? countsOf(row) : NO_REACTIONS;
  }

  /** Records a page of a thread this response shows, for the thread's liveCursor. */
  private shown(thread: ThreadView, loading: Promise<PostPageView>): Promise<PostPageView> {
    const pages = this.pagesShown.get(thread.slug) ?? [];
    this.pagesShown.set(thread.slug, [...pages, loading.then((p) => p.liveSeq, () => undefined)]);
    return loading;
  }

  /**
   * Thread.liveCursor: the smallest position among the entries this response shows of the thread (the thread entry and
   * every page of its posts), so the page already includes every event up to it. Resolved after the thread's sibling
   * fields have asked for their pages.
   */
  async threadLiveCursor(thread: ThreadView): Promise<string> {
    await new Promise((resolve) => setImmediate(resolve));
    const pages = await Promise.all(this.pagesShown.get(thread.slug) ?? []);
    const seqs = [thread.liveSeq, ...pages];
    if (seqs.some((seq) => seq === undefined || seq === null)) {
      // An entry stored by a build without positions: the position every event up to which is readable now.
      return this.readableCursor('thread', thread.slug, `thread:${thread.id}`);
    }
    return encodeLiveCursor(`thread:${thread.id}`, Math.min(...(seqs as number[])));
  }

  /**
   * Category.liveCursor: the category's readable position, read before this response read any of its lists or counts
   * (src/read/category-positions.ts). The response is then not stored for the fast path.
   */
  async categoryLiveCursor(category: CategoryView): Promise<string> {
    this.deps?.markUncacheable();
    return encodeLiveCursor(`category:${category.id}`, await this.categoryPositions.position(category.slug));
  }

  private async readableCursor(kind: 'thread' | 'category', slug: string, channel: string): Promise<string> {
    this.deps?.markUncacheable();
    const position = await readablePosition(this.db, kind, slug);
    return encodeLiveCursor(channel, position?.seq ?? 0);
  }

  /** A live post of a live thread, or null (post(id), node). */
  postById(id: number): Promise<PostView | null> {
    return this.postsById.load(id);
  }

  /**
   * A live post of a thread this response already shows (Thread.answer, Post.replyTo), or null. The thread's own
   * entry decided that it is live; asking again would let a deletion in flight show the thread without its answer.
   */
  postBesideThread(id: number): Promise<PostView | null> {
    return this.postsBesideThread.load(id);
  }

  private postLoader(find: (ids: readonly number[]) => Promise<LivePostEntryRow[]>): DataLoader<number, PostView | null> {
    return new DataLoader(async (ids) => {
      // Not a stamped entry: a response holding one is not stored by the anonymous fast path.
      this.deps?.markUncacheable();
      const rows = new Map((await find(ids)).map((row) => [row.post.id, postView(row, row.threadSlug)]));
      return ids.map((id) => rows.get(id) ?? null);
    });
  }

  /** A user from their own entry (the author card), batched with the request's other authors; null when none. */
  userById(id: number): Promise<UserView | null> {
    return this.authors.load(id);
  }

  /** Users by id from their own entries (a post's mentions), in order, batched with the request's authors. */
  async usersByIds(ids: readonly string[]): Promise<UserView[]> {
    const users = await Promise.all(ids.map((id) => this.authors.load(Number(id))));
    return users.filter((u): u is UserView => u !== null);
  }

  /** A thread's or post's author, from the user's own entry. */
  async author(id: string): Promise<UserView> {
    const user = await this.authors.load(Number(id));
    if (!user) throw notFound(`user ${id}`);
    return user;
  }

  /**
   * What a mutation answers about the post it wrote: the post as it is now, also when a deletion of it or of its
   * thread committed right after the write (NOT_FOUND there would tell the client that nothing was done).
   */
  async writtenPost(id: number): Promise<PostView> {
    const row = await findWrittenPostEntry(this.db, id);
    if (!row) throw notFound(`post ${id}`);
    return postView(row, row.threadSlug);
  }

  /**
   * What a mutation answers about the thread it wrote: read through the cache as any read after it, or, when a
   * deletion of the thread committed right after the write, its row as it is now.
   */
  async writtenThread(slug: string): Promise<ThreadView> {
    const view = await this.thread(slug);
    if (view) return view;
    const row = await findWrittenThreadEntry(this.db, slug);
    if (!row) throw notFound(`thread "${slug}"`);
    this.authorRows.set(row.author.id, row.author);
    return threadView(row, true);
  }

  /** The live post, or null (deleted since, as a subscription's event may find it). */
  async livePost(id: number): Promise<PostView | null> {
    const row = await findLivePostEntry(this.db, id);
    return row && postView(row, row.threadSlug);
  }

  category(slug: string): Promise<CategoryView | null> {
    return this.categoryViews.load(slug);
  }

  async categoriesBySlugs(slugs: readonly string[]): Promise<CategoryView[]> {
    const views = await loadAll(this.categoryViews, slugs);
    return views.filter((v): v is CategoryView => v !== null);
  }

  /** A category's live threads and their posts: from its list index when ready, else from the counts in its row. */
  categoryCounts(slug: string): Promise<CategoryCountsView> {
    return this.categoryCountViews.load(slug);
  }

  async categoryTree(): Promise<CategoryView[]> {
    const tree = await this.cache.categoryTree(async (): Promise<CategoryTreeView> =>
      ({ slugs: (await findTopLevelSlugs(this.db)).map((r) => r.slug) }), this.deps ?? undefined);
    return this.categoriesBySlugs(tree.slugs);
  }

  async user(id: number): Promise<UserView | null> {
    const row = await this.loaders.userById.load(id);
    return row && userView(row);
  }

  viewCount(threadId: string): Promise<number> {
    this.deps?.limitTtl(VIEW_COUNT_TTL_S);
    return this.loaders.viewCountByThreadId.load(Number(threadId));
  }

  viewerReactions(postId: string): Promise<ReactionTypeName[]> {
    return this.loaders.viewerReactionsByPostId.load(Number(postId));
  }

  // ---- builders, run on a miss ----
  // Each reads its rows in one statement per batch, after the cache service has read the entry's stamps, and
  // shares no rows with another entry or the request's loaders: an entry is built only from rows read for it.

  private async buildUsers(ids: number[], bypassed: boolean): Promise<(UserView | null)[]> {
    const seen = bypassed ? ids.filter((id) => this.authorRows.has(id)) : [];
    const missing = ids.filter((id) => !seen.includes(id));
    const rows = new Map(seen.map((id) => [id, this.authorRows.get(id)!]));
    if (missing.length > 0) for (const row of await findUsersByIds(this.db, missing)) rows.set(row.id, row);
    return ids.map((id) => { const row = rows.get(id); return row ? userView(row) : null; });
  }

  private async loadCategoryCounts(slugs: readonly string[]): Promise<CategoryCountsView[]> {
    await Promise.all(slugs.map((slug) => this.categoryPositions.beforeRead(slug)));
    const indexed = await this.cache.categoryCounts(slugs, this.loadBucket, this.deps ?? undefined);
    const missing = slugs.filter((_, i) => indexed[i] === null);
    if (missing.length === 0) return indexed as CategoryCountsView[];
    this.deps?.markUncacheable(); // read from the category rows: nothing stamps these values
    const counted = new Map((await countCategories(this.db, missing)).map((row) => [row.slug, row]));
    return indexed.map((c, i) => c ?? counted.get(slugs[i]!) ?? { threadCount: 0, postCount: 0 });
  }

  private async buildCategories(slugs: string[]): Promise<(CategoryView | null)[]> {
    const rows = await findCategoryEntries(this.db, slugs);
    const bySlug = new Map(rows.map((row) => [row.category.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      if (!row) return null;
      const c = row.category;
      return {
        id: String(c.id), slug: c.slug, name: c.name, description: c.description, icon: c.icon,
        displayOrder: c.displayOrder, parentSlug: row.parentSlug, childSlugs: row.childSlugs ?? [],
      };
    });
  }
}
