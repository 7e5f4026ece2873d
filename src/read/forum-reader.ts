// The read side for one request: validates arguments, reads through ForumCacheService, and on a miss builds
// the shared read models, each kind in one statement per batch (joins and lateral aggregates in src/data), so
// a miss costs a few round trips, the same for any page size.
import DataLoader from 'dataloader';
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { filterHash, normalizeListArgs, type ThreadListArgs } from '../cache/keys.js';
import { VIEW_COUNT_TTL_S, type ResponseDeps } from '../cache/response-deps.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Db } from '../db/client.js';
import type { ReactionTypeName } from '../db/schema.js';
import { findTopLevelSlugs } from '../data/categories.data.js';
import { countCategories, findCategoryEntries } from '../data/category-entries.query.js';
import { findLivePostEntry, findPostPageEntries, type PostEntryRow } from '../data/post-entries.query.js';
import type { PublicUserRow } from '../data/read-columns.js';
import { findThreadEntries } from '../data/thread-entries.query.js';
import { findListedThreads } from '../data/threads.data.js';
import {
  countThreads, findThreadPage, isValidPosition, positionOf, type ListPosition, type ThreadSortName,
} from '../data/thread-list.query.js';
import { notFound } from '../errors.js';
import { loadAll, type Loaders } from '../loaders/loaders.js';
import * as validate from '../validation.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import {
  excerptOf, type CategoryCountsView, type CategoryTreeView, type CategoryView, type PostPageView, type PostView, type ReactionCountsView,
  type ThreadListView, type ThreadView, type UserView,
} from '../model/views.js';

interface PageRequest { thread: ThreadView; first: number; after: string | null; position: unknown[] | null }

export const userView = (row: PublicUserRow): UserView => ({
  id: String(row.id), username: row.username, displayName: row.displayName, avatarUrl: row.avatarUrl,
  role: row.role, createdAt: row.createdAt.toISOString(),
});

/** Counts from a lateral aggregate (one row always; null only in the driver's types). */
const countsOf = (c: { like: number | null; helpful: number | null; love: number | null }): ReactionCountsView =>
  ({ like: c.like ?? 0, helpful: c.helpful ?? 0, love: c.love ?? 0 });

const postView = (row: Pick<PostEntryRow, 'post' | 'author' | 'reactions'>, threadSlug: string): PostView => ({
  id: String(row.post.id), body: row.post.body, author: userView(row.author), threadSlug,
  reactionCounts: countsOf(row.reactions),
  createdAt: row.post.createdAt.toISOString(), editedAt: row.post.editedAt?.toISOString() ?? null,
});

const isPostPosition = (p: unknown) => Array.isArray(p) && p.length === 2 && validate.isCursorTime(p[0])
  && Number.isSafeInteger(p[1]);

export class ForumReader {
  private readonly threadViews: DataLoader<string, ThreadView | null>;
  private readonly categoryViews: DataLoader<string, CategoryView | null>;
  private readonly categoryCountViews: DataLoader<string, CategoryCountsView>;
  /** What a list index of one category (or of all, null) is built from, when a build starts. */
  private readonly loadBucket = (categorySlug: string | null) => findListedThreads(this.db, categorySlug);
  /** Post pages requested in one tick (the threads of a list) are read together and loaded together. */
  private readonly postPages: DataLoader<PageRequest, PostPageView, string>;

  constructor(
    private readonly db: Db,
    private readonly cache: ForumCacheService,
    private readonly loaders: Loaders,
    private readonly views: ViewCounter,
    /** Collects what an anonymous response is built from, for the response fast path. */
    private readonly deps: ResponseDeps | null = null,
  ) {
    const d = deps ?? undefined;
    this.threadViews = new DataLoader((slugs) => cache.threads(slugs, (missing) => this.buildThreads(missing), d));
    this.categoryViews = new DataLoader((slugs) => cache.categories(slugs, (missing) => this.buildCategories(missing), d));
    this.categoryCountViews = new DataLoader((slugs) => this.loadCategoryCounts(slugs));
    this.postPages = new DataLoader(
      (pages) => cache.postPages(pages.map((p) => ({ slug: p.thread.slug, first: p.first, after: p.after })),
        (missing) => this.buildPostPages(missing.map((i) => pages[i]!)), d),
      { cacheKeyFn: (p) => `${p.thread.slug}\n${p.first}\n${p.after ?? ''}` },
    );
  }

  /** Query.thread counts one view per evaluation (buffered; docs/api.md). */
  countView(thread: ThreadView): void {
    this.views.record(Number(thread.id));
    this.deps?.viewedThreadIds.push(Number(thread.id));
  }

  thread(slug: string): Promise<ThreadView | null> {
    return this.threadViews.load(slug);
  }

  async threadsBySlugs(slugs: readonly string[]): Promise<ThreadView[]> {
    const views = await loadAll(this.threadViews, slugs);
    // A slug can vanish between a list fill and this read only through a deletion, which bumped the list too.
    return views.filter((v): v is ThreadView => v !== null);
  }

  async threadList(args: ThreadListArgs): Promise<ThreadListView> {
    validate.first(args.first ?? 20);
    if (args.filter?.search != null) validate.search(args.filter.search);
    if (args.filter?.tags != null) validate.tags(args.filter.tags);
    const normalized = normalizeListArgs(args);
    const bound = filterHash(normalized);
    const position = normalized.after === null ? null
      : decodeCursor(normalized.after, bound, (p) => isValidPosition(normalized.sort, p)) as ListPosition;
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
      const [page, totalCount] = await Promise.all([
        findThreadPage(this.db, normalized.filter, normalized.sort, normalized.first, position),
        countThreads(this.db, normalized.filter),
      ]);
      return {
        slugs: page.rows.map((r) => r.slug),
        cursors: page.rows.map((r) => encodeCursor(bound, positionOf(r, normalized.sort as ThreadSortName))),
        hasNextPage: page.hasNextPage,
        hasPreviousPage: position !== null,
        totalCount,
      };
    }, this.deps ?? undefined);
  }

  async postPage(thread: ThreadView, first: number, after: string | null): Promise<PostPageView> {
    validate.first(first);
    const position = after === null ? null : decodeCursor(after, `thread:${thread.id}`, isPostPosition);
    return this.postPages.load({ thread, first, after, position });
  }

  /** A live post, built fresh (mutations return it); NOT_FOUND when missing or deleted. */
  async post(id: number): Promise<PostView> {
    const post = await this.livePost(id);
    if (!post) throw notFound(`post ${id}`);
    return post;
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

  /** A category's live threads and their posts: from its list index when ready, else counted in the database. */
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

  private async buildThreads(slugs: string[]): Promise<(ThreadView | null)[]> {
    const rows = await findThreadEntries(this.db, slugs);
    const bySlug = new Map(rows.map((row) => [row.thread.slug, row]));
    return slugs.map((slug) => {
      const row = bySlug.get(slug);
      if (!row) return null;
      const t = row.thread;
      return {
        id: String(t.id), slug: t.slug, title: t.title, excerpt: excerptOf(row.openingBody ?? ''),
        categorySlug: row.categorySlug, author: userView(row.author), tags: t.tags,
        isPinned: t.isPinned, isLocked: t.isLocked, postCount: t.postCount, reactionCounts: countsOf(row.reactions),
        createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
        lastActivityAt: t.lastActivityAt.toISOString(),
      };
    });
  }

  /** First pages of the same size load in one statement; pages after a cursor load one statement each. */
  private async buildPostPages(pages: PageRequest[]): Promise<PostPageView[]> {
    const rowsOf = new Map<PageRequest, PostEntryRow[]>();
    const firstPages = pages.filter((p) => p.position === null);
    await Promise.all([
      ...[...new Set(firstPages.map((p) => p.first))].map(async (first) => {
        const sameSize = firstPages.filter((p) => p.first === first);
        const rows = await findPostPageEntries(this.db, sameSize.map((p) => Number(p.thread.id)), first, null);
        for (const page of sameSize) rowsOf.set(page, rows.filter((r) => r.post.threadId === Number(page.thread.id)));
      }),
      ...pages.filter((p) => p.position !== null).map(async (page) => {
        const [createdAt, id] = page.position as [string, number];
        rowsOf.set(page, await findPostPageEntries(this.db, [Number(page.thread.id)], page.first, { createdAt: new Date(createdAt), id }));
      }),
    ]);
    return pages.map((page) => {
      const rows = rowsOf.get(page)!;
      const shown = rows.slice(0, page.first);
      const bound = `thread:${page.thread.id}`;
      return {
        posts: shown.map((row) => postView(row, page.thread.slug)),
        cursors: shown.map((r) => encodeCursor(bound, [r.post.createdAt.toISOString(), r.post.id])),
        hasNextPage: rows.length > page.first,
        hasPreviousPage: page.position !== null,
      };
    });
  }

  private async loadCategoryCounts(slugs: readonly string[]): Promise<CategoryCountsView[]> {
    const indexed = await this.cache.categoryCounts(slugs, this.loadBucket, this.deps ?? undefined);
    const missing = slugs.filter((_, i) => indexed[i] === null);
    if (missing.length === 0) return indexed as CategoryCountsView[];
    this.deps?.markUncacheable(); // counted in the database: nothing stamps these values
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
