// Lists while the forum changes: keyset pages neither skip nor repeat a row that did not move, and a deleted
// thread or post leaves every query, count, list and search at once.
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind, TestForum } from '../support/forum.js';
import { createPost, createThread, type Account } from '../support/seed.js';
import {
  categoryCounts, DELETE_POST, DELETE_THREAD, list, newCategory, newThread, readThread, seededForum, sleep, slugs,
} from './api-helpers.js';

/** Threads created a few milliseconds apart, so creation and activity order are distinct; oldest first. */
async function threadsInOrder(forum: TestForum, author: Account, category: string, n: number): Promise<string[]> {
  const made: string[] = [];
  for (let i = 1; i <= n; i++) {
    made.push(await newThread(forum, author, category, `Paged thread ${category} ${i}`));
    await sleep(3);
  }
  return made;
}

async function page(forum: TestForum, category: string, sort: string, after: string | null) {
  const result = await list(forum, { filter: { categorySlug: category }, sort, first: 3, after });
  return { slugs: result.nodes.map((n: any) => n.slug) as string[], ...result.pageInfo };
}

export function defineApiPaginationSuite(db: DbKind, cache: CacheKind) {
  describe(`keyset pagination while threads change (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('NEWEST pages neither skip nor repeat a thread while threads are added above and deleted behind the cursor', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'keyset-newest');
      const t = await threadsInOrder(forum, seed.alice, 'keyset-newest', 7);
      const first = await page(forum, 'keyset-newest', 'NEWEST', null);
      expect(first.slugs).toEqual([t[6], t[5], t[4]]);
      await threadsInOrder(forum, seed.bob, 'keyset-newest', 2);
      await forum.ok(DELETE_THREAD, { slug: t[5] }, seed.alice.token);
      const second = await page(forum, 'keyset-newest', 'NEWEST', first.endCursor);
      expect(second.slugs).toEqual([t[3], t[2], t[1]]);
      expect(second.hasNextPage).toBe(true);
      await threadsInOrder(forum, seed.bob, 'keyset-newest', 1);
      const third = await page(forum, 'keyset-newest', 'NEWEST', second.endCursor);
      expect(third.slugs).toEqual([t[0]]);
      expect(third.hasNextPage).toBe(false);
    });

    it('every sort pages through pinned and unpinned threads, ties included, in the order of one long page', async () => {
      const { forum, seed } = s;
      const category = await newCategory(forum, seed.admin, 'keyset-every-sort');
      const t: string[] = [];
      for (let i = 0; i < 8; i++) {
        t.push(await newThread(forum, seed.alice, category, `Every sort ${i}`, { tags: ['keyset-every-sort'] }));
        await sleep(2);
      }
      for (const slug of [t[1], t[5]]) {
        await forum.ok(`mutation($slug: String!) { updateThread(slug: $slug, input: { isPinned: true }) { slug } }`, { slug }, seed.admin.token);
      }
      for (const [slug, replies] of [[t[2], 2], [t[6], 1], [t[1], 1]] as const) {
        for (let r = 0; r < replies; r++) await createPost(forum, seed.bob.token, slug, `Reply ${r}`);
      }
      // The category's list (a maintained list index when the cache is on) and a tag's (always PostgreSQL's keyset).
      for (const filter of [{ categorySlug: category }, { tags: ['keyset-every-sort'] }]) {
        for (const sort of ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED']) {
          const whole = (await list(forum, { filter, sort, first: 50 })).nodes.map((n: { slug: string }) => n.slug);
          expect(whole.slice(0, 2).sort(), `${sort}: pinned first`).toEqual([t[1], t[5]].sort());
          for (const first of [2, 3]) { // pages of 2 end on the last pinned thread, pages of 3 past it
            const paged: string[] = [];
            let after: string | null = null;
            for (let n = 0; n < 10; n++) {
              const result: any = await list(forum, { filter, sort, first, after });
              paged.push(...result.nodes.map((node: { slug: string }) => node.slug));
              if (!result.pageInfo.hasNextPage) break;
              after = result.pageInfo.endCursor;
            }
            expect(paged, `${sort} by ${JSON.stringify(filter)}, ${first} a page`).toEqual(whole);
          }
        }
      }
    });

    it('OLDEST pages reach threads added after the cursor, and show each thread once', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'keyset-oldest');
      const t = await threadsInOrder(forum, seed.alice, 'keyset-oldest', 5);
      const first = await page(forum, 'keyset-oldest', 'OLDEST', null);
      expect(first.slugs).toEqual([t[0], t[1], t[2]]);
      await forum.ok(DELETE_THREAD, { slug: t[0] }, seed.alice.token);
      const added = await threadsInOrder(forum, seed.bob, 'keyset-oldest', 1);
      const second = await page(forum, 'keyset-oldest', 'OLDEST', first.endCursor);
      expect(second.slugs).toEqual([t[3], t[4], added[0]]);
      expect(second.hasNextPage).toBe(false);
    });

    it('LAST_ACTIVITY pages neither skip nor repeat a thread that did not move while replies move others to the top', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'keyset-activity');
      const t = await threadsInOrder(forum, seed.alice, 'keyset-activity', 7);
      const first = await page(forum, 'keyset-activity', 'LAST_ACTIVITY', null);
      expect(first.slugs).toEqual([t[6], t[5], t[4]]);
      // t[1] jumps from a later page to the top, t[5] from this page to the top; a new thread lands on top too.
      await createPost(forum, seed.bob.token, t[1]!, 'Bumping an old thread');
      await createPost(forum, seed.bob.token, t[5]!, 'Bumping a seen thread');
      await threadsInOrder(forum, seed.bob, 'keyset-activity', 1);
      const second = await page(forum, 'keyset-activity', 'LAST_ACTIVITY', first.endCursor);
      expect(second.slugs).toEqual([t[3], t[2], t[0]]);
      expect(second.hasNextPage).toBe(false);
      const seen = [...first.slugs, ...second.slugs];
      const stayed = [t[6], t[4], t[3], t[2], t[0]];
      expect(seen.filter((slug) => stayed.includes(slug))).toEqual(stayed);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('MOST_POSTS pages neither skip nor repeat a thread that did not move while a later thread gains posts', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'keyset-posts');
      const t = await threadsInOrder(forum, seed.alice, 'keyset-posts', 6);
      const first = await page(forum, 'keyset-posts', 'MOST_POSTS', null);
      expect(first.slugs).toEqual([t[5], t[4], t[3]]);
      await createPost(forum, seed.bob.token, t[1]!, 'Moves this thread to the top');
      const second = await page(forum, 'keyset-posts', 'MOST_POSTS', first.endCursor);
      expect(second.slugs).toEqual([t[2], t[0]]);
      expect(await slugs(forum, { filter: { categorySlug: 'keyset-posts' }, sort: 'MOST_POSTS' }))
        .toEqual([t[1], t[5], t[4], t[3], t[2], t[0]]);
    });
  });

  describe(`soft delete (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('a deleted reply leaves its thread, the post counts, the reaction counts, the lists and search at once', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'sd-posts');
      const t = await createThread(forum, seed.alice.token, { categorySlug: 'sd-posts', title: 'Soft deleting a reply', tags: ['softly'] });
      const reply = await createPost(forum, seed.bob.token, t.slug, 'Xylophonic melodies for tomatoes');
      await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: reply }, seed.alice.token);
      const before = await readThread(forum, t.slug);
      expect(before).toMatchObject({ postCount: 2, reactionCounts: { like: 1 }, posts: { totalCount: 2 } });
      expect(await categoryCounts(forum, 'sd-posts')).toEqual({ threadCount: 1, postCount: 2 });
      expect((await list(forum, { filter: { tags: ['softly'] } })).nodes[0].postCount).toBe(2);
      expect(await slugs(forum, { filter: { search: 'xylophonic' } })).toEqual([t.slug]);

      await forum.ok(DELETE_POST, { id: reply }, seed.bob.token);

      const after = await readThread(forum, t.slug);
      expect(after).toMatchObject({ postCount: 1, reactionCounts: { like: 0 }, posts: { totalCount: 1 } });
      expect(after.posts.nodes.map((p: any) => p.id)).toEqual([t.firstPostId]);
      expect(after.lastActivityAt).toBe(after.createdAt);
      expect(await categoryCounts(forum, 'sd-posts')).toEqual({ threadCount: 1, postCount: 1 });
      const { categories } = await forum.ok(`{ categories { slug postCount } }`);
      expect(categories.find((c: any) => c.slug === 'sd-posts').postCount).toBe(1);
      expect((await list(forum, { filter: { tags: ['softly'] } })).nodes[0].postCount).toBe(1);
      expect(await slugs(forum, { filter: { search: 'xylophonic' } })).toEqual([]);
      expect(await slugs(forum, { filter: { search: 'soft deleting' } })).toEqual([t.slug]);
    });

    it('a deleted thread leaves thread(slug), every list and sort, totalCount, the category counts and search at once', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'sd-threads');
      const kept = await newThread(forum, seed.alice, 'sd-threads', 'A thread that stays');
      const gone = await newThread(forum, seed.bob, 'sd-threads', 'Quixotic compost heaps', { tags: ['quixotic'] });
      await createPost(forum, seed.alice.token, gone, 'Turn it weekly');
      const views = {
        category: { filter: { categorySlug: 'sd-threads' } },
        search: { filter: { search: 'quixotic' } },
        tags: { filter: { tags: ['quixotic'] } },
        author: { filter: { authorUsername: 'bob', categorySlug: 'sd-threads' } },
        everything: { first: 100 },
      };
      const sorts = ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'];
      const totalBefore = (await list(forum)).totalCount;
      expect(await readThread(forum, gone)).not.toBeNull();
      for (const args of Object.values(views)) expect(await slugs(forum, args)).toContain(gone);
      for (const sort of sorts) expect(await slugs(forum, { sort, first: 100 })).toContain(gone);
      expect(await categoryCounts(forum, 'sd-threads')).toEqual({ threadCount: 2, postCount: 3 });

      await forum.ok(DELETE_THREAD, { slug: gone }, seed.bob.token);

      expect(await readThread(forum, gone)).toBeNull();
      for (const args of Object.values(views)) expect(await slugs(forum, args)).not.toContain(gone);
      for (const sort of sorts) expect(await slugs(forum, { sort, first: 100 })).not.toContain(gone);
      expect(await list(forum, views.category)).toMatchObject({ totalCount: 1, nodes: [{ slug: kept }] });
      expect((await list(forum)).totalCount).toBe(totalBefore - 1);
      expect((await list(forum, views.search)).totalCount).toBe(0);
      expect(await categoryCounts(forum, 'sd-threads')).toEqual({ threadCount: 1, postCount: 1 });
      const { categories } = await forum.ok(`{ categories { slug threadCount postCount } }`);
      expect(categories.find((c: any) => c.slug === 'sd-threads')).toEqual({ slug: 'sd-threads', threadCount: 1, postCount: 1 });
    });
  });
}
