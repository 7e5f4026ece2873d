// What a cache miss costs in SQL: an uncached thread page (thread, author, category, a page of posts with their
// authors and reactions) and an uncached list page, sent as the benchmark sends them, through GraphQL with the
// cache off. Bounded (≤ 5 and ≤ 3 statements) and flat in page size: the miss path shares round trips. A list's
// count is a statement of its own, sent only when the query selects totalCount.
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../support/forum.js';
import { createPost, createThread, type Account } from '../support/seed.js';
import { newCategory, seededForum } from './api-helpers.js';

const USER = 'id username displayName avatarUrl';
const COUNTS = 'reactionCounts { like helpful love }';

// The benchmark's documents (bench/lib/queries.ts), so the bound asserted here is the one the bench reports.
const THREAD_PAGE = `query($slug: String!, $first: Int!) {
  thread(slug: $slug) {
    id slug title tags isPinned isLocked postCount createdAt lastActivityAt
    author { ${USER} } category { slug name } ${COUNTS}
    posts(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { id body createdAt editedAt author { ${USER} } ${COUNTS} } }
  }
}`;
const THREAD_LIST = `query($category: String!, $first: Int!) {
  threads(filter: { categorySlug: $category }, sort: LAST_ACTIVITY, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id slug title excerpt tags isPinned postCount lastActivityAt author { ${USER} } ${COUNTS} }
  }
}`;

const SIZES = [20, 50, 100];

/** Runs `make` for 0..n-1, a few at a time (a seed of a hundred rows through the API in a second or two). */
async function inBatches(n: number, make: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => make(i + j)));
}

export function defineUncachedStatementsSuite(db: DbKind) {
  describe(`SQL statements of an uncached page (${db}, cache off)`, () => {
    const s = seededForum({ db, cache: 'off' });

    const statements = async (query: string, variables: Record<string, unknown>) => {
      const before = await s.forum.dbQueries();
      const data = await s.forum.ok(query, variables);
      return { data, statements: (await s.forum.dbQueries()) - before };
    };

    it('a thread page costs at most 5 statements, the same for 20, 50 and 100 posts', async () => {
      const { forum, seed } = s;
      const authors: Account[] = [seed.alice, seed.bob, seed.moderator, seed.admin];
      await newCategory(forum, seed.admin, 'long-reads', { parentSlug: 'garden' });
      const { slug } = await createThread(forum, seed.alice.token, { categorySlug: 'long-reads', title: 'A long thread' });
      const ids: string[] = [];
      await inBatches(110, async (i) => { ids.push(await createPost(forum, authors[i % authors.length]!.token, slug, `Reply ${i}`)); });
      await inBatches(30, (i) => forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`,
        { id: ids[i * 3]! }, authors[i % authors.length]!.token));
      const counts: number[] = [];
      for (const first of SIZES) {
        const { data, statements: n } = await statements(THREAD_PAGE, { slug, first });
        expect(data.thread.posts.nodes).toHaveLength(first);
        expect(data.thread.posts.nodes.filter((p: any) => p.reactionCounts.like > 0).length).toBeGreaterThan(0);
        counts.push(n);
      }
      expect(counts[0]).toBeLessThanOrEqual(5);
      expect(counts).toEqual([counts[0], counts[0], counts[0]]);
      // The last page (read backwards from the end) and a page before a cursor cost what the first page costs.
      const lastPage = THREAD_PAGE.replace('posts(first: $first)', 'posts(last: $first, before: $before)')
        .replace('$first: Int!)', '$first: Int!, $before: String)').replace('hasNextPage endCursor', 'hasPreviousPage startCursor');
      const last = await statements(lastPage, { slug, first: 20 });
      const head = await s.forum.ok(THREAD_PAGE, { slug, first: 100 });
      const tail = await s.forum.ok(THREAD_PAGE.replace('posts(first: $first)', 'posts(first: $first, after: $after)')
        .replace('$first: Int!)', '$first: Int!, $after: String)'), { slug, first: 100, after: head.thread.posts.pageInfo.endCursor });
      expect(tail.thread.posts.nodes).toHaveLength(11);
      expect(last.data.thread.posts.nodes.slice(-11).map((n: any) => n.id)).toEqual(tail.thread.posts.nodes.map((n: any) => n.id));
      expect(last.data.thread.posts.pageInfo.hasPreviousPage).toBe(true);
      expect(last.statements).toBe(counts[0]);
      const before = await statements(lastPage, { slug, first: 20, before: last.data.thread.posts.pageInfo.startCursor });
      expect(before.data.thread.posts.nodes).toHaveLength(20);
      expect(before.statements).toBe(counts[0]);
    });

    it('a thread list costs at most 3 statements, the same for 20, 50 and 100 threads', async () => {
      const { forum, seed } = s;
      const authors: Account[] = [seed.alice, seed.bob, seed.moderator];
      await newCategory(forum, seed.admin, 'busy');
      await inBatches(105, (i) => createThread(forum, authors[i % authors.length]!.token, { categorySlug: 'busy', title: `Busy thread ${i}` }));
      const counts: number[] = [];
      for (const first of SIZES) {
        const { data, statements: n } = await statements(THREAD_LIST, { category: 'busy', first });
        expect(data.threads.nodes).toHaveLength(first);
        expect(data.threads.totalCount).toBe(105);
        counts.push(n);
      }
      expect(counts[0]).toBeLessThanOrEqual(3);
      expect(counts).toEqual([counts[0], counts[0], counts[0]]);
    });

    it('a list counts its threads only when the query selects totalCount', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'counted');
      await inBatches(12, (i) => createThread(forum, seed.alice.token, { categorySlug: 'counted', title: `Counted ${i}` }));
      const noCount = THREAD_LIST.replace('totalCount ', '');
      for (const filter of ['{ categorySlug: $category }', '{ categorySlug: $category, search: "counted" }']) {
        const withCount = await statements(THREAD_LIST.replace('{ categorySlug: $category }', filter), { category: 'counted', first: 5 });
        const without = await statements(noCount.replace('{ categorySlug: $category }', filter), { category: 'counted', first: 5 });
        expect(withCount.data.threads.totalCount).toBe(12);
        expect(without.data.threads.totalCount).toBeUndefined();
        expect(without.data.threads.nodes).toEqual(withCount.data.threads.nodes);
        expect(without.statements).toBe(withCount.statements - 1);
      }
    });
  });
}
