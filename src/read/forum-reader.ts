// The read side for one request: validates arguments, reads through ForumCacheService, and on a miss builds
// the shared read models with the request's DataLoaders, so statement counts stay flat in page size.
import DataLoader from 'dataloader';
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { filterHash, normalizeListArgs, type ThreadListArgs } from '../cache/keys.js';
import { VIEW_COUNT_TTL_S, type ResponseDeps } from '../cache/response-deps.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Db } from '../db/client.js';
import type { PostRow, ReactionTypeName, UserRow } from '../db/schema.js';
import { findTopLevelSlugs } from '../data/categories.data.js';
import { findFirstPostPages, findLivePostById, findPostPage } from '../data/posts.data.js';
import { findListedThreads, findLiveThreadById } from '../data/threads.data.js';
import {
  countThreads, findThreadPage, isValidPosition, positionOf, type ListPosition, type ThreadSortName,
} from '../data/thread-list.query.js';
import { notFound } from '../errors.js';
import { loadAll, type Loaders } from '../loaders/loaders.js';
import * as validate from '../validation.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import {
  excerptOf, type CategoryTreeView, type CategoryView, type PostPageView, type PostView, type ThreadListView,
  type ThreadView, type UserView,
} from './views.js';

interface PageRequest { thread: ThreadView; first: number; after: string | null; position: unknown[] | null }

export const userView = (row: UserRow): UserView => ({
  id: String(row.id), username: row.username, displayName: row.displayName, avatarUrl: row.avatarUrl,
  role: row.role, createdAt: row.createdAt.toISOString(),
});

const isPostPosition = (p: unknown) => Array.isArray(p) && p.length === 2 && validate.isCursorTime(p[0])
  && Number.isSafeInteger(p[1]);

export class ForumReader {
  private readonly threadViews: DataLoader<string, ThreadView | null>;
  private readonly categoryViews: DataLoader<string, CategoryView | null>;
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
    this.postPages = new DataLoader(
      (pages) => cache.postPages(pages.map((p) => ({ slug: p.thread.slug, first: p.first, after: p.after })),
        (missing) => this.buildPostPages(missing.map((i) => pages[i]!)), d),
      { cacheKeyFn: (p) => `${p.thread.slug}\n${p.first}\n${p.after ?? ''}` },
    );
  }

  /** Query.thread counts one view per evaluation (buffered; API.md). */
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
    const indexed = await this.cache.indexedThreadList(normalized, position,
      (categorySlug) => findListedThreads(this.db, categorySlug),
      this.deps ?? undefined);
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
    const row = await findLivePostById(this.db, id);
    const thread = row && await findLiveThreadById(this.db, row.threadId);
    if (!row || !thread) throw notFound(`post ${id}`);
    const [view] = await this.buildPosts([row], thread.slug);
    return view!;
  }

  category(slug: string): Promise<CategoryView | null> {
    return this.categoryViews.load(slug);
  }

  async categoriesBySlugs(slugs: readonly string[]): Promise<CategoryView[]> {
    const views = await loadAll(this.categoryViews, slugs);
    return views.filter((v): v is CategoryView => v !== null);
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

  private async buildThreads(slugs: string[]): Promise<(ThreadView | null)[]> {
    const live = await loadAll(this.loaders.threadBySlug, slugs);
    const present = live.filter((r) => r !== null);
    const ids = present.map((r) => r.id);
    const [authors, firstPosts, counts, categories] = await Promise.all([
      loadAll(this.loaders.userById, present.map((r) => r.authorId)),
      loadAll(this.loaders.firstPostByThreadId, ids),
      loadAll(this.loaders.reactionCountsByThreadId, ids),
      loadAll(this.loaders.categoryById, present.map((r) => r.categoryId)),
    ]);
    const byId = new Map(present.map((row, i) => {
      const author = authors[i] as UserRow;
      const firstPost = firstPosts[i] as PostRow | null;
      const view: ThreadView = {
        id: String(row.id), slug: row.slug, title: row.title, excerpt: excerptOf(firstPost?.body ?? ''),
        categorySlug: (categories[i] as { slug: string }).slug, author: userView(author), tags: row.tags,
        isPinned: row.isPinned, isLocked: row.isLocked, postCount: row.postCount,
        reactionCounts: counts[i] as ThreadView['reactionCounts'],
        createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
        lastActivityAt: row.lastActivityAt.toISOString(),
      };
      return [row.id, view];
    }));
    return live.map((row) => (row ? byId.get(row.id)! : null));
  }

  /** First pages of the same size load in one statement; pages after a cursor load one statement each. */
  private async buildPostPages(pages: PageRequest[]): Promise<PostPageView[]> {
    const rowsOf = new Map<PageRequest, PostRow[]>();
    const firstPages = pages.filter((p) => p.position === null);
    await Promise.all([
      ...[...new Set(firstPages.map((p) => p.first))].map(async (first) => {
        const sameSize = firstPages.filter((p) => p.first === first);
        const rows = await findFirstPostPages(this.db, sameSize.map((p) => Number(p.thread.id)), first);
        for (const page of sameSize) rowsOf.set(page, rows.filter((r) => r.threadId === Number(page.thread.id)));
      }),
      ...pages.filter((p) => p.position !== null).map(async (page) => {
        const [createdAt, id] = page.position as [string, number];
        rowsOf.set(page, await findPostPage(this.db, Number(page.thread.id), page.first, { createdAt: new Date(createdAt), id }));
      }),
    ]);
    return Promise.all(pages.map(async (page) => {
      const rows = rowsOf.get(page)!;
      const shown = rows.slice(0, page.first);
      const bound = `thread:${page.thread.id}`;
      return {
        posts: await this.buildPosts(shown, page.thread.slug),
        cursors: shown.map((r) => encodeCursor(bound, [r.createdAt.toISOString(), r.id])),
        hasNextPage: rows.length > page.first,
        hasPreviousPage: page.position !== null,
      };
    }));
  }

  private async buildPosts(rows: PostRow[], threadSlug: string): Promise<PostView[]> {
    const [authors, counts] = await Promise.all([
      loadAll(this.loaders.userById, rows.map((r) => r.authorId)),
      loadAll(this.loaders.reactionCountsByPostId, rows.map((r) => r.id)),
    ]);
    return rows.map((row, i) => ({
      id: String(row.id), body: row.body, author: userView(authors[i] as UserRow), threadSlug,
      reactionCounts: counts[i] as PostView['reactionCounts'],
      createdAt: row.createdAt.toISOString(), editedAt: row.editedAt?.toISOString() ?? null,
    }));
  }

  private async buildCategories(slugs: string[]): Promise<(CategoryView | null)[]> {
    const rows = await loadAll(this.loaders.categoryBySlug, slugs);
    const present = rows.filter((r) => r !== null);
    const [parents, children, counts] = await Promise.all([
      loadAll(this.loaders.categoryById, present.map((r) => r.parentId).filter((id) => id !== null)),
      loadAll(this.loaders.childSlugsByCategoryId, present.map((r) => r.id)),
      loadAll(this.loaders.countsByCategoryId, present.map((r) => r.id)),
    ]);
    const parentSlug = new Map(parents.filter((p) => p !== null).map((p) => [p.id, p.slug]));
    return rows.map((row) => {
      if (!row) return null;
      const i = present.indexOf(row);
      const c = counts[i] as { threadCount: number; postCount: number };
      return {
        id: String(row.id), slug: row.slug, name: row.name, description: row.description, icon: row.icon,
        displayOrder: row.displayOrder, parentSlug: row.parentId === null ? null : parentSlug.get(row.parentId) ?? null,
        childSlugs: children[i] as string[], threadCount: c.threadCount, postCount: c.postCount,
      };
    });
  }
}
