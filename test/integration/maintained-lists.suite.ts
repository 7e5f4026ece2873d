// Lists maintained on write: once a list's index is built, replies, new threads, pins, moves and deletes update it
// in place (no rebuild, no SQL for the list), and every page it serves, cursors included, is what the database
// says at that moment.
import { describe, expect, it } from 'vitest';
import { countCategories } from '../../src/data/category-entries.query.js';
import { findThreadPage, type ListFilter, type ThreadSortName } from '../../src/data/thread-list.query.js';
import { type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { createPost, createThread, type Seeded, withSeededForum } from '../support/seed.js';

const LIST = `query($cat: String, $sort: ThreadSort, $first: Int, $after: String) {
  threads(filter: { categorySlug: $cat }, sort: $sort, first: $first, after: $after) {
    totalCount nodes { slug } pageInfo { hasNextPage endCursor }
  }
}`;
const SORTS: ThreadSortName[] = ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS'];
const BUCKETS = ['garden', 'indoor', null];

export function defineMaintainedListSuite(db: DbKind, cache: CacheKind) {
  describe(`lists maintained on write on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    withSeededForum({ db, cache }, (f, s) => { forum = f; seed = s; });

    const counter = async (name: string, labels: Record<string, string>) => {
      const metric = await forum.app.metrics.registry.getSingleMetric(name)!.get();
      return metric.values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
        .reduce((n, v) => n + v.value, 0);
    };
    const indexHits = () => counter('forum_cache_requests_total', { kind: 'list_index', result: 'hit' });
    const builds = () => counter('forum_cache_loads_total', { kind: 'list_index' });

    /** Every page of a list, following cursors. */
    async function walk(cat: string | null, sort: ThreadSortName, first: number) {
      const slugs: string[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (let page = 0; page < 50; page++) {
        const data: any = await forum.ok(LIST, { cat, sort, first, after });
        totalCount = data.threads.totalCount;
        slugs.push(...data.threads.nodes.map((n: any) => n.slug));
        if (!data.threads.pageInfo.hasNextPage) break;
        after = data.threads.pageInfo.endCursor;
      }
      return { slugs, totalCount };
    }

    /** What the database says, in one statement per list. */
    async function truth(cat: string | null, sort: ThreadSortName) {
      const filter: ListFilter = cat === null ? {} : { categorySlug: cat };
      const page = await findThreadPage(forum.app.database.db, filter, sort, 1000, null);
      return { slugs: page.rows.map((r) => r.slug), totalCount: page.rows.length };
    }

    /** Category counts as the API shows them, and as the database has them. */
    async function expectCountsTrue() {
      const data = await forum.ok(`{ categories { slug threadCount postCount children { slug threadCount postCount } } }`);
      const shown = data.categories.flatMap((c: any) => [c, ...c.children])
        .map((c: any) => [c.slug, c.threadCount, c.postCount]).sort();
      const rows = await countCategories(forum.app.database.db, shown.map((c: any) => c[0]));
      expect(shown).toEqual(rows.map((r) => [r.slug, r.threadCount, r.postCount]).sort());
    }

    async function expectEveryListTrue(first = 2) {
      await expectCountsTrue();
      for (const cat of BUCKETS) {
        for (const sort of SORTS) expect(await walk(cat, sort, first), `${cat ?? 'all'} ${sort}`).toEqual(await truth(cat, sort));
      }
    }

    it('builds each index once, then serves every list and page from it as the database has it', async () => {
      for (let i = 0; i < 4; i++) await createThread(forum, seed.alice.token, { title: `Garden thread ${i}` });
      for (let i = 0; i < 2; i++) await createThread(forum, seed.bob.token, { categorySlug: 'indoor', title: `Indoor thread ${i}` });
      await expectEveryListTrue(); // the first reads start the builds
      await forum.app.cache.settled();
      // Every build that started has ended (the gauge counts them up when queued and down when done or failed).
      expect(await builds()).toBeGreaterThan(0);
      expect(await counter('forum_list_index_builds', {})).toBe(0);
      const [hitsBefore, buildsBefore] = [await indexHits(), await builds()];
      await expectEveryListTrue(3); // other pages than before: not stored responses, but the indexes
      expect(await indexHits()).toBeGreaterThan(hitsBefore);
      expect(await builds()).toBe(buildsBefore);
    });

    it('follows replies, new threads, pins, moves and deletes without a rebuild', async () => {
      await expectEveryListTrue();
      await forum.app.cache.settled();
      const buildsBefore = await builds();
      const garden = await walk('garden', 'LAST_ACTIVITY', 10);
      const oldest = garden.slugs[garden.slugs.length - 1]!;

      await createPost(forum, seed.bob.token, oldest, 'A reply that lifts the thread');
      expect((await walk('garden', 'LAST_ACTIVITY', 10)).slugs[0]).toBe(oldest);
      await expectEveryListTrue();

      const fresh = await createThread(forum, seed.alice.token, { title: 'Brand new' });
      expect((await walk(null, 'NEWEST', 3)).slugs[0]).toBe(fresh.slug);

      const pinned = garden.slugs[1]!;
      await forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { isPinned: true }) { id } }`, { s: pinned }, seed.moderator.token);
      expect((await walk('garden', 'OLDEST', 3)).slugs[0]).toBe(pinned);
      await expectEveryListTrue();

      await forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { categorySlug: "indoor" }) { id } }`, { s: pinned }, seed.moderator.token);
      expect((await walk('garden', 'NEWEST', 10)).slugs).not.toContain(pinned);
      expect((await walk('indoor', 'NEWEST', 10)).slugs[0]).toBe(pinned);
      await expectEveryListTrue();

      await forum.ok(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: fresh.slug }, seed.alice.token);
      expect((await walk(null, 'NEWEST', 10)).slugs).not.toContain(fresh.slug);
      await expectEveryListTrue();

      expect(await builds()).toBe(buildsBefore);
    });

    it('keeps category entries cached through replies, with counts from the indexes', async () => {
      const [t] = (await walk('garden', 'NEWEST', 1)).slugs;
      await forum.ok(`{ category(slug: "garden") { name threadCount } }`);
      await forum.app.cache.settled();
      const misses = () => counter('forum_cache_requests_total', { kind: 'category', result: 'miss' });
      const before = await misses();
      const count = async () => (await forum.ok(`{ category(slug: "garden") { name postCount } }`)).category.postCount;
      const posts = await count();
      await createPost(forum, seed.bob.token, t!, 'Counted without re-stamping the category');
      expect(await count()).toBe(posts + 1);
      expect(await misses()).toBe(before);
      await expectCountsTrue();
    });

    it('answers a hit on a maintained list without SQL', async () => {
      await forum.ok(LIST, { cat: 'garden', sort: 'MOST_POSTS', first: 5, after: null });
      await forum.app.cache.settled();
      await forum.ok(LIST, { cat: 'garden', sort: 'MOST_POSTS', first: 5, after: null });
      const before = await forum.dbQueries();
      // A new page size is a new response, but the list comes from the index and its nodes from thread entries.
      await forum.ok(LIST, { cat: 'garden', sort: 'MOST_POSTS', first: 4, after: null });
      expect(await forum.dbQueries()).toBe(before);
    });

    it('keeps no index for a category that does not exist', async () => {
      const data = await forum.ok(LIST, { cat: 'no-such-category', sort: 'NEWEST', first: 5, after: null });
      expect(data.threads.totalCount).toBe(0);
      await forum.app.cache.settled();
      const hits = await indexHits();
      await forum.ok(LIST, { cat: 'no-such-category', sort: 'NEWEST', first: 5, after: null });
      expect(await indexHits()).toBe(hits);
    });
  });
}
