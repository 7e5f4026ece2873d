// Reading the forum as a client does: the categories tree, threads, the four filters, the five sorts and pages.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { createPost } from '../support/seed.js';
import { LIST, list, newCategory, newThread, readThread, seededForum, sleep, slugs, updateThread } from './api-helpers.js';

const sorted = (values: string[]) => [...values].sort();

export function defineApiSuite(db: DbKind, cache: CacheKind) {
  describe(`reading the forum (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('categories lists top-level categories in display order, each with its children in display order', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'tree-late', { displayOrder: 50 });
      await newCategory(forum, seed.admin, 'tree-early', { displayOrder: 40 });
      await newCategory(forum, seed.admin, 'tree-child-b', { parentSlug: 'tree-early', displayOrder: 2 });
      await newCategory(forum, seed.admin, 'tree-child-a', { parentSlug: 'tree-early', displayOrder: 1 });
      const { categories } = await forum.ok(`{ categories { slug parent { slug } children { slug parent { slug } } } }`);
      const known = new Set(['garden', 'indoor', 'tree-early', 'tree-late']);
      expect(categories.map((c: any) => c.slug).filter((slug: string) => known.has(slug)))
        .toEqual(['garden', 'indoor', 'tree-early', 'tree-late']);
      expect(categories.map((c: any) => c.slug)).not.toContain('vegetables');
      expect(categories.map((c: any) => c.slug)).not.toContain('tree-child-a');
      const early = categories.find((c: any) => c.slug === 'tree-early');
      expect(early.parent).toBeNull();
      expect(early.children).toEqual([
        { slug: 'tree-child-a', parent: { slug: 'tree-early' } }, { slug: 'tree-child-b', parent: { slug: 'tree-early' } },
      ]);
      expect(categories.find((c: any) => c.slug === 'garden').children).toEqual([{ slug: 'vegetables', parent: { slug: 'garden' } }]);
    });

    it('category counts hold live threads and their posts directly in the category, not in its children', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'counts-top');
      await newCategory(forum, seed.admin, 'counts-child', { parentSlug: 'counts-top' });
      const top = await newThread(forum, seed.alice, 'counts-top', 'Counting threads at the top');
      await createPost(forum, seed.bob.token, top, 'A reply');
      await createPost(forum, seed.alice.token, top, 'Another reply');
      await newThread(forum, seed.bob, 'counts-child', 'Counting threads in the child');
      await newThread(forum, seed.bob, 'counts-child', 'Counting more threads in the child');
      const { categories } = await forum.ok(`{ categories { slug threadCount postCount children { slug threadCount postCount } } }`);
      const found = categories.find((c: any) => c.slug === 'counts-top');
      expect(found).toEqual({
        slug: 'counts-top', threadCount: 1, postCount: 3, children: [{ slug: 'counts-child', threadCount: 2, postCount: 2 }],
      });
    });

    it('category(slug) returns the category with its fields and parent, and null for an unknown slug', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'seedlings', {
        name: 'Seedlings', description: 'Starting plants from seed', icon: '🌱', displayOrder: 7, parentSlug: 'garden',
      });
      const data = await forum.ok(`query($a: String!, $b: String!) {
        a: category(slug: $a) { slug name description icon displayOrder parent { slug name } children { slug } threadCount postCount }
        b: category(slug: $b) { slug }
      }`, { a: 'seedlings', b: 'no-such-category' });
      expect(data.a).toEqual({
        slug: 'seedlings', name: 'Seedlings', description: 'Starting plants from seed', icon: '🌱', displayOrder: 7,
        parent: { slug: 'garden', name: 'Garden' }, children: [], threadCount: 0, postCount: 0,
      });
      expect(data.b).toBeNull();
      const { category } = await forum.ok(`{ category(slug: "garden") { children { slug } } }`);
      expect(category.children.map((c: any) => c.slug)).toEqual(['vegetables', 'seedlings']); // display order 0, then 7
    });

    it('thread(slug) returns the thread with its author, category, tags and posts, and null for an unknown slug', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Repotting a monstera', {
        body: 'It has outgrown its pot.', tags: ['monstera', 'repotting'],
      });
      await createPost(forum, seed.bob.token, slug, 'Go one size up.');
      const thread = await readThread(forum, slug);
      expect(thread).toMatchObject({
        slug, title: 'Repotting a monstera', excerpt: 'It has outgrown its pot.', tags: ['monstera', 'repotting'],
        isPinned: false, isLocked: false, postCount: 2, category: { slug: 'indoor', name: 'Indoor' },
        author: { username: 'alice', displayName: 'alice', role: 'MEMBER' }, reactionCounts: { like: 0, helpful: 0, love: 0 },
      });
      expect(thread.posts.nodes.map((p: any) => [p.author.username, p.body, p.editedAt]))
        .toEqual([['alice', 'It has outgrown its pot.', null], ['bob', 'Go one size up.', null]]);
      expect(thread.posts.totalCount).toBe(2);
      expect(thread.createdAt).toBe(thread.posts.nodes[0].createdAt);
      expect(thread.lastActivityAt).toBe(thread.posts.nodes[1].createdAt);
      const { post } = await forum.ok(`query($s: String!) { post: thread(slug: $s) { posts { nodes { thread { slug } } } } }`, { s: slug });
      expect(post.posts.nodes.map((p: any) => p.thread.slug)).toEqual([slug, slug]);
      const missing = await forum.gql(`{ thread(slug: "no-such-thread-abc123") { slug } }`);
      expect(missing.errors).toBeUndefined();
      expect(missing.data.thread).toBeNull();
    });

    it('each evaluation of thread(slug) counts one view', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'A thread people look at');
      for (let i = 0; i < 3; i++) await readThread(forum, slug);
      await forum.app.views.flush();
      // Signed in: a stored anonymous response may show an older count for up to 10 seconds (docs/api.md).
      const { viewCount } = await readThread(forum, slug, seed.bob.token);
      expect(viewCount).toBeGreaterThanOrEqual(3);
      expect(viewCount).toBeLessThanOrEqual(4);
    });

    it('a thread slug is the title plus a random suffix, unique, and kept when the thread is renamed', async () => {
      const { forum, seed } = s;
      const first = await newThread(forum, seed.alice, 'indoor', 'Why are my leaves Yellowing?');
      const second = await newThread(forum, seed.bob, 'indoor', 'Why are my leaves Yellowing?');
      expect(first).toMatch(/^why-are-my-leaves-yellowing-[a-z0-9]{4,8}$/);
      expect(second).toMatch(/^why-are-my-leaves-yellowing-[a-z0-9]{4,8}$/);
      expect(second).not.toBe(first);
      expect(sorted(await slugs(forum, { filter: { search: 'yellowing' } }))).toEqual(sorted([first, second]));
      const renamed = await updateThread(forum, seed.alice.token, first, { title: 'My leaves are green again' });
      expect(renamed.data?.updateThread).toMatchObject({ slug: first, title: 'My leaves are green again' });
      expect((await readThread(forum, first)).title).toBe('My leaves are green again');
      expect(await slugs(forum, { filter: { search: 'yellowing' } })).toEqual([second]);
      expect(await slugs(forum, { filter: { search: 'green again' } })).toEqual([first]);
    });

    it('tags are stored lower-cased, without duplicates, in the order given', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Tagged thread', { tags: ['Tomato', 'SEEDS', 'tomato', 'heirloom', 'seeds'] });
      expect((await readThread(forum, slug)).tags).toEqual(['tomato', 'seeds', 'heirloom']);
      await updateThread(forum, seed.alice.token, slug, { tags: ['Zinnia', 'aster', 'ZINNIA'] });
      expect((await readThread(forum, slug)).tags).toEqual(['zinnia', 'aster']);
    });

    it('the excerpt is the first post with whitespace collapsed, cut to at most 200 characters', async () => {
      const { forum, seed } = s;
      const short = await newThread(forum, seed.alice, 'indoor', 'Whitespace excerpt', { body: '  First   line\n\n second\tline  ' });
      expect((await readThread(forum, short)).excerpt).toBe('First line second line');
      const body = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' \n ');
      const long = await newThread(forum, seed.alice, 'indoor', 'Long excerpt', { body });
      const { excerpt } = await readThread(forum, long);
      expect(excerpt.length).toBeLessThanOrEqual(200);
      expect(excerpt.length).toBeGreaterThan(150);
      expect(excerpt.startsWith('word0 word1 word2 word3')).toBe(true);
      expect(excerpt).not.toMatch(/\s\s|\n/);
      const emoji = await newThread(forum, seed.alice, 'indoor', 'Emoji excerpt', { body: `${'a'.repeat(198)}🌱🌱🌱` });
      const cut = (await readThread(forum, emoji)).excerpt;
      expect(cut.length).toBeLessThanOrEqual(200);
      expect(cut.startsWith('a'.repeat(198))).toBe(true);
      expect(() => encodeURIComponent(cut)).not.toThrow(); // throws on half a surrogate pair
      await createPost(forum, seed.bob.token, short, 'A reply is never the excerpt');
      expect((await readThread(forum, short)).excerpt).toBe('First line second line');
    });

    describe('filters', () => {
      const t: Record<string, string> = {};
      beforeAll(async () => {
        const { forum, seed } = s;
        await newCategory(forum, seed.admin, 'filters');
        await newCategory(forum, seed.admin, 'filters-child', { parentSlug: 'filters' });
        t.purple = await newThread(forum, seed.alice, 'filters', 'Growing purple kohlrabi', { body: 'Sow in spring.', tags: ['brassica', 'purple'] });
        t.pests = await newThread(forum, seed.bob, 'filters', 'Kohlrabi pests', { body: 'Small holes in the leaves.', tags: ['brassica', 'pests'] });
        await createPost(forum, seed.alice.token, t.pests!, 'Aphids everywhere underneath.');
        t.pots = await newThread(forum, seed.alice, 'filters-child', 'Kohlrabi in pots', { body: 'Purple ones do well in pots.', tags: ['brassica', 'purple'] });
        t.water = await newThread(forum, seed.bob, 'filters', 'Watering schedule', { body: 'Every morning.' });
        t.umlaut = await newThread(forum, seed.bob, 'filters-child', 'Über Gießkannen', { body: 'Für Anfänger erklärt.' });
      });
      const find = async (filter: Record<string, unknown>) => sorted(await slugs(s.forum, { filter }));

      it('categorySlug holds only threads directly in that category', async () => {
        expect(await find({ categorySlug: 'filters' })).toEqual(sorted([t.purple!, t.pests!, t.water!]));
        expect(await find({ categorySlug: 'filters-child' })).toEqual(sorted([t.pots!, t.umlaut!]));
      });

      it('an unknown categorySlug gives an empty list', async () => {
        const result = await list(s.forum, { filter: { categorySlug: 'no-such-category' } });
        expect(result).toEqual({
          totalCount: 0, nodes: [], edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        });
      });

      it('tags match threads carrying every tag, lower-cased', async () => {
        expect(await find({ categorySlug: 'filters', tags: ['BRASSICA', 'Purple'] })).toEqual([t.purple]);
        expect(await find({ categorySlug: 'filters', tags: ['brassica', 'BRASSICA'] })).toEqual(sorted([t.purple!, t.pests!]));
        expect(await find({ categorySlug: 'filters', tags: ['purple', 'pests'] })).toEqual([]);
        expect(await find({ tags: ['purple', 'brassica'] })).toEqual(sorted([t.purple!, t.pots!]));
      });

      it('authorUsername ignores case', async () => {
        expect(await find({ categorySlug: 'filters', authorUsername: 'ALICE' })).toEqual([t.purple]);
        expect(await find({ categorySlug: 'filters', authorUsername: 'Bob' })).toEqual(sorted([t.pests!, t.water!]));
        expect(await find({ categorySlug: 'filters', authorUsername: 'nobody' })).toEqual([]);
      });

      it('search needs every word to start a word of the title or of a live post, ignoring case', async () => {
        expect(await find({ search: 'kohl' })).toEqual(sorted([t.purple!, t.pests!, t.pots!]));
        expect(await find({ search: 'KOHLRABI' })).toEqual(sorted([t.purple!, t.pests!, t.pots!]));
        expect(await find({ search: 'rabi' })).toEqual([]);
        expect(await find({ search: 'kohlrabi purple' })).toEqual(sorted([t.purple!, t.pots!]));
        expect(await find({ search: 'Kohlrabi APHIDS' })).toEqual([t.pests]);
        expect(await find({ search: '  aphid   underneath ' })).toEqual([t.pests]);
        expect(await find({ search: 'kohlrabi zebra' })).toEqual([]);
        expect(await find({ search: 'kohlrabi', authorUsername: 'alice', categorySlug: 'filters' })).toEqual([t.purple]);
        expect(await find({ search: 'ÜBER gießk ANFÄNGER' })).toEqual([t.umlaut]);
      });

      it('RELEVANCE puts title matches first, then threads with more matching posts, and pages by cursor', async () => {
        const { forum, seed } = s;
        await newCategory(forum, seed.admin, 'relevance');
        const one = await newThread(forum, seed.bob, 'relevance', 'Herbs on a sill', { body: 'Basil once.' });
        const title = await newThread(forum, seed.alice, 'relevance', 'Basil bolting early', { body: 'Flowers already.' });
        const three = await newThread(forum, seed.bob, 'relevance', 'Herbs in shade', { body: 'Basil here.' });
        await createPost(forum, seed.alice.token, three, 'More basil.');
        await createPost(forum, seed.alice.token, three, 'Basilikum too.');
        await newThread(forum, seed.bob, 'relevance', 'Herbs unrelated', { body: 'Parsley.' });
        const filter = { categorySlug: 'relevance', search: 'basil' };
        const all = await list(forum, { filter, sort: 'RELEVANCE' });
        expect(all.nodes.map((n: any) => n.slug)).toEqual([title, three, one]);
        expect(all.totalCount).toBe(3);
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: any = await list(forum, { filter, sort: 'RELEVANCE', first: 1, after });
          seen.push(...page.nodes.map((n: any) => n.slug));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toEqual([title, three, one]);
        // Two words: a thread needs both, and its points add up.
        expect(await slugs(forum, { filter: { categorySlug: 'relevance', search: 'basil herbs' }, sort: 'RELEVANCE' })).toEqual([three, one]);
      });

      it('RELEVANCE without a search is BAD_USER_INPUT', async () => {
        for (const search of [undefined, '', '  ', '!!! ...']) {
          const result = await s.forum.gql(LIST, { filter: search === undefined ? {} : { search }, sort: 'RELEVANCE' });
          expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
          expect(result.errors?.[0]?.message).toMatch(/RELEVANCE needs a search/);
        }
      });

      it('a blank search is no filter', async () => {
        const all = await list(s.forum, { filter: { categorySlug: 'filters' } });
        for (const search of ['', '   ', '\t\n']) {
          expect(await list(s.forum, { filter: { categorySlug: 'filters', search } })).toEqual(all);
        }
        expect(all.totalCount).toBe(3);
      });
    });

    describe('sorts', () => {
      const t: Record<string, string> = {};
      beforeAll(async () => {
        const { forum, seed } = s;
        await newCategory(forum, seed.admin, 'sorts');
        // Created in this order, a few milliseconds apart; then replies, views and a pin make each sort differ.
        for (const name of ['pinned', 'a', 'b', 'c', 'd']) {
          t[name] = await newThread(forum, seed.alice, 'sorts', `Sorting thread ${name}`);
          await sleep(5);
        }
        for (const [name, replies] of [['c', 2], ['a', 1], ['b', 1]] as const) {
          for (let i = 0; i < replies; i++) {
            await createPost(forum, seed.bob.token, t[name]!, `Reply ${i}`);
            await sleep(5);
          }
        }
        for (let i = 0; i < 3; i++) await readThread(forum, t.d!);
        await readThread(forum, t.b!);
        await forum.app.views.flush();
        await updateThread(forum, seed.moderator.token, t.pinned!, { isPinned: true });
      });

      const expected: Record<string, string[]> = {
        NEWEST: ['pinned', 'd', 'c', 'b', 'a'],
        OLDEST: ['pinned', 'a', 'b', 'c', 'd'],
        LAST_ACTIVITY: ['pinned', 'b', 'a', 'c', 'd'],
        MOST_POSTS: ['pinned', 'c', 'b', 'a', 'd'],
        MOST_VIEWED: ['pinned', 'd', 'b', 'c', 'a'],
      };
      for (const [sort, order] of Object.entries(expected)) {
        it(`${sort} puts pinned threads first, then orders by its key, then newest first`, async () => {
          expect(await slugs(s.forum, { filter: { categorySlug: 'sorts' }, sort })).toEqual(order.map((name) => t[name]));
        });
      }

      it('the default sort is LAST_ACTIVITY', async () => {
        expect(await slugs(s.forum, { filter: { categorySlug: 'sorts' } })).toEqual(expected.LAST_ACTIVITY!.map((n) => t[n]));
      });

      it('the counts a sort uses are the ones a thread shows', async () => {
        const { nodes } = await list(s.forum, { filter: { categorySlug: 'sorts' }, sort: 'MOST_VIEWED' });
        expect(nodes.map((n: any) => [n.title, n.isPinned, n.postCount, n.viewCount])).toEqual([
          ['Sorting thread pinned', true, 1, 0], ['Sorting thread d', false, 1, 3], ['Sorting thread b', false, 2, 1],
          ['Sorting thread c', false, 3, 0], ['Sorting thread a', false, 2, 0],
        ]);
      });
    });

    it('totalCount, nodes, edges and pageInfo agree on every page of a thread list', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'agree');
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.unshift(await newThread(forum, seed.alice, 'agree', `Agreeing thread ${i}`));
      const seen: string[] = [];
      let after: string | null = null;
      for (const size of [2, 2, 1]) {
        const page = await list(forum, { filter: { categorySlug: 'agree' }, sort: 'NEWEST', first: 2, after });
        expect(page.totalCount).toBe(5);
        expect(page.edges.map((e: any) => e.node.slug)).toEqual(page.nodes.map((n: any) => n.slug));
        expect(page.nodes).toHaveLength(size);
        expect(page.pageInfo).toEqual({
          hasNextPage: seen.length + size < 5, hasPreviousPage: after !== null,
          startCursor: page.edges[0].cursor, endCursor: page.edges.at(-1).cursor,
        });
        seen.push(...page.nodes.map((n: any) => n.slug));
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(made);
    });

    it('posts are oldest first, with a cursor per post, totalCount of live posts and correct page info', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'A long conversation', { body: 'Opening' });
      for (let i = 1; i <= 6; i++) await createPost(forum, i % 2 ? seed.bob.token : seed.alice.token, slug, `Reply ${i}`);
      const pages: string[][] = [];
      let after: string | null = null;
      for (;;) {
        const data: any = await forum.ok(`query($slug: String!, $after: String) {
          thread(slug: $slug) { posts(first: 3, after: $after) {
            totalCount nodes { id body } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          } }
        }`, { slug, after });
        const { posts } = data.thread;
        expect(posts.totalCount).toBe(7);
        expect(posts.edges.map((e: any) => e.node.id)).toEqual(posts.nodes.map((n: any) => n.id));
        expect(posts.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(posts.pageInfo.startCursor).toBe(posts.edges[0].cursor);
        expect(posts.pageInfo.endCursor).toBe(posts.edges.at(-1).cursor);
        pages.push(posts.nodes.map((n: any) => n.body));
        if (!posts.pageInfo.hasNextPage) break;
        after = posts.pageInfo.endCursor;
      }
      expect(pages).toEqual([['Opening', 'Reply 1', 'Reply 2'], ['Reply 3', 'Reply 4', 'Reply 5'], ['Reply 6']]);
    });
  });
}
