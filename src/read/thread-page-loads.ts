// The entries of a thread page, read through ForumCacheService and built on a miss: threads, pages of posts, and the
// reaction counts of both, which are entries of their own (a reaction re-stamps only them, so the thread's entry and
// its pages of posts, the largest entries, stay cached). A thread and its counts are read in one round trip, and on a
// miss of both loaded in one statement (a page and its counts likewise); counts alone cost one small statement. What
// a request shows is the two put together, at the older of their two live positions (Thread.liveCursor).
import type { EntryMisses, ForumCacheService } from '../cache/forum-cache.service.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { Db } from '../db/client.js';
import { findPostPageEntries, type PageDirection, type PageRows } from '../data/post-entries.query.js';
import { findPostReactionCounts, findThreadReactionCounts } from '../data/reaction-counts.query.js';
import type { PublicUserRow } from '../data/read-columns.js';
import { findThreadEntries, type ThreadEntryRow } from '../data/thread-entries.query.js';
import { NO_BODY_FIELDS, type BodyFields } from '../model/post-body-fields.js';
import {
  excerptOf, type PageReactionsView, type PostPageView, type ReactionCountsView, type ThreadReactionsView, type ThreadView,
} from '../model/views.js';
import { encodeCursor } from './cursors.js';
import { countsOf, postView } from './post-view.js';

/** A page of a thread's posts: `size` posts forward from the start or after `cursor`, or backward from the end or before it. */
export interface PageRequest {
  thread: ThreadView; size: number; direction: PageDirection; cursor: string | null; position: unknown[] | null;
}

export const NO_REACTIONS: ReactionCountsView = Object.freeze({ like: 0, helpful: 0, love: 0 });

/** The older of two live positions; null when either is unknown (liveCursor then reads the readable position). */
const olderSeq = (a: number | null | undefined, b: number | null | undefined): number | null =>
  (a === null || a === undefined || b === null || b === undefined ? null : Math.min(a, b));

/** `withReactions`: the row counted them (a mutation's answer); an entry leaves them out (they have their own). */
export function threadView(row: ThreadEntryRow, withReactions = false): ThreadView {
  const t = row.thread;
  return {
    id: String(t.id), slug: t.slug, title: t.title, excerpt: excerptOf(row.openingText ?? ''),
    categorySlug: row.categorySlug, authorId: String(row.author.id), tags: t.tags,
    isPinned: t.isPinned, isLocked: t.isLocked, postCount: t.postCount,
    ...(withReactions ? { reactionCounts: countsOf(row.reactions) } : {}),
    createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
    lastActivityAt: t.lastActivityAt.toISOString(),
    answerPostId: t.answerPostId === null ? null : String(t.answerPostId), liveSeq: t.liveSeq,
  };
}

export class ThreadPageLoads {
  constructor(
    private readonly db: Db,
    private readonly cache: ForumCacheService,
    private readonly deps: ResponseDeps | undefined,
    /** Authors in the rows read (ForumReader serves a request that bypassed the cache from them). */
    private readonly authorRows: Map<number, PublicUserRow>,
  ) {}

  /** Threads by slug; with `withReactions`, each with its reaction counts (Thread.reactionCounts). */
  async threads(slugs: readonly string[], withReactions: boolean): Promise<(ThreadView | null)[]> {
    if (!withReactions) {
      return this.cache.threads(slugs, async (missing) => {
        const bySlug = await this.threadRows(missing, false);
        return missing.map((slug) => { const row = bySlug.get(slug); return row ? threadView(row) : null; });
      }, this.deps);
    }
    const { entries, reactions } = await this.cache.threadsWithReactions(slugs, (misses) => this.loadThreads(slugs, misses), this.deps);
    return entries.map((view, i) => view && {
      ...view, reactionCounts: reactions[i]!.counts, liveSeq: olderSeq(view.liveSeq, reactions[i]!.liveSeq) ?? undefined,
    });
  }

  /** Pages of posts; with `withReactions`, their posts with their reaction counts (Post.reactionCounts). */
  async pages(pages: readonly PageRequest[], fields: BodyFields, withReactions: boolean): Promise<PostPageView[]> {
    const requests = pages.map((p) => ({ slug: p.thread.slug, size: p.size, cursor: p.cursor, direction: p.direction }));
    if (!withReactions) {
      return this.cache.postPages(requests, fields, (missing) => this.buildPages(missing.map((i) => pages[i]!), fields, false), this.deps);
    }
    const { entries, reactions } = await this.cache.postPagesWithReactions(requests, fields, (misses) => this.loadPages(pages, fields, misses), this.deps);
    return Promise.all(entries.map((page, i) => this.joined(page, reactions[i]!)));
  }

  /** Threads that missed are read with their counts in one statement; counts that missed alone, in another. */
  private async loadThreads(slugs: readonly string[], misses: EntryMisses): Promise<{ entries: (ThreadView | null)[]; reactions: ThreadReactionsView[] }> {
    const full = misses.entries.map((i) => slugs[i]!);
    const fullSet = new Set(full);
    const countOnly = misses.reactions.map((i) => slugs[i]!).filter((slug) => !fullSet.has(slug));
    const [bySlug, counted] = await Promise.all([
      full.length > 0 ? this.threadRows(full, true) : new Map<string, ThreadEntryRow>(),
      countOnly.length > 0 ? findThreadReactionCounts(this.db, countOnly) : new Map(),
    ]);
    return {
      entries: full.map((slug) => { const row = bySlug.get(slug); return row ? threadView(row) : null; }),
      reactions: misses.reactions.map((i) => {
        const row = bySlug.get(slugs[i]!);
        if (row) return { counts: countsOf(row.reactions), liveSeq: row.thread.liveSeq };
        const c = counted.get(slugs[i]!);
        return c ? { counts: countsOf(c), liveSeq: c.liveSeq } : { counts: NO_REACTIONS, liveSeq: null };
      }),
    };
  }

  private async threadRows(slugs: readonly string[], withReactions: boolean): Promise<Map<string, ThreadEntryRow>> {
    const rows = await findThreadEntries(this.db, slugs, withReactions);
    for (const row of rows) this.authorRows.set(row.author.id, row.author);
    return new Map(rows.map((row) => [row.thread.slug, row]));
  }

  /**
   * Pages that missed are read with their counts (stored without them); counts that missed alone are read by the same
   * page statement without the posts' bodies, so they count the posts that page shows now.
   */
  private async loadPages(pages: readonly PageRequest[], fields: BodyFields, misses: EntryMisses): Promise<{ entries: PostPageView[]; reactions: PageReactionsView[] }> {
    const fullSet = new Set(misses.entries);
    const countOnly = misses.reactions.filter((i) => !fullSet.has(i));
    const [full, counted] = await Promise.all([
      misses.entries.length > 0 ? this.buildPages(misses.entries.map((i) => pages[i]!), fields, true) : [],
      countOnly.length > 0 ? this.buildPages(countOnly.map((i) => pages[i]!), NO_BODY_FIELDS, true) : [],
    ]);
    const loaded = new Map<number, PostPageView>([
      ...misses.entries.map((i, j): [number, PostPageView] => [i, full[j]!]),
      ...countOnly.map((i, j): [number, PostPageView] => [i, counted[j]!]),
    ]);
    return {
      entries: full.map((page) => ({ ...page, posts: page.posts.map(({ reactionCounts: _, ...post }) => post) })),
      reactions: misses.reactions.map((i) => {
        const page = loaded.get(i)!;
        return { postIds: page.posts.map((p) => p.id), counts: page.posts.map((p) => p.reactionCounts ?? NO_REACTIONS), liveSeq: page.liveSeq ?? null };
      }),
    };
  }

  /**
   * A page with its counts. Both entries belong to one page unless a change committed between the two fills and its
   * stamps were not bumped yet: then the counts are read for these posts, for this request alone (stored nowhere).
   */
  private async joined(page: PostPageView, reactions: PageReactionsView): Promise<PostPageView> {
    const same = reactions.postIds.length === page.posts.length && page.posts.every((p, i) => p.id === reactions.postIds[i]);
    if (same) {
      return {
        ...page, posts: page.posts.map((post, i) => ({ ...post, reactionCounts: reactions.counts[i] ?? NO_REACTIONS })),
        liveSeq: olderSeq(page.liveSeq, reactions.liveSeq),
      };
    }
    this.deps?.markUncacheable();
    const rows = await findPostReactionCounts(this.db, page.posts.map((p) => Number(p.id)));
    let liveSeq = page.liveSeq ?? null;
    const posts = page.posts.map((post) => {
      const row = rows.get(Number(post.id));
      liveSeq = olderSeq(liveSeq, row?.liveSeq ?? null);
      return { ...post, reactionCounts: row ? countsOf(row) : NO_REACTIONS };
    });
    return { ...page, posts, liveSeq };
  }

  /**
   * First pages (and last pages) of the same size load in one statement; pages at a cursor load one statement each.
   * Both pageInfo flags are exact: the extra row tells the page's own direction, `beyond` the other side.
   */
  private async buildPages(pages: PageRequest[], fields: BodyFields, withReactions: boolean): Promise<PostPageView[]> {
    const rowsOf = new Map<PageRequest, PageRows>();
    const groups = new Map<string, PageRequest[]>();
    for (const page of pages.filter((p) => p.position === null)) {
      const key = `${page.direction}:${page.size}`;
      groups.set(key, [...(groups.get(key) ?? []), page]);
    }
    await Promise.all([
      ...[...groups.values()].map(async (group) => {
        const { size, direction } = group[0]!;
        const found = await findPostPageEntries(this.db, group.map((p) => Number(p.thread.id)), size, direction, null, fields, withReactions);
        for (const page of group) rowsOf.set(page, found.get(Number(page.thread.id))!);
      }),
      ...pages.filter((p) => p.position !== null).map(async (page) => {
        const [createdAt, id] = page.position as [string, number];
        const found = await findPostPageEntries(this.db, [Number(page.thread.id)], page.size, page.direction,
          { createdAt: new Date(createdAt), id }, fields, withReactions);
        rowsOf.set(page, found.get(Number(page.thread.id))!);
      }),
    ]);
    for (const { rows } of rowsOf.values()) for (const row of rows) this.authorRows.set(row.author.id, row.author);
    return pages.map((page) => {
      const { rows, beyond } = rowsOf.get(page)!;
      const more = rows.length > page.size;
      const forward = page.direction === 'forward';
      const shown = !more ? rows : forward ? rows.slice(0, page.size) : rows.slice(1);
      const bound = `thread:${page.thread.id}`;
      return {
        posts: shown.map((row) => postView(row, page.thread.slug, fields, withReactions)),
        cursors: shown.map((r) => encodeCursor(bound, [r.post.createdAt.toISOString(), r.post.id])),
        hasNextPage: forward ? more : beyond,
        hasPreviousPage: forward ? beyond : more,
        liveSeq: rowsOf.get(page)!.liveSeq,
      };
    });
  }
}
