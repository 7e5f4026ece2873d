// A page and its live events without a gap: a page renders with Thread.liveCursor / Category.liveCursor, a
// subscription `after` that position replays, in commit order, every event committed since, then continues live;
// a position the backlog no longer reaches gets RESYNC at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Announcement } from '../../src/live/live-event.js';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { connect, listening, type LiveClient, type Subscription } from '../support/live-client.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';

export const THREAD_AFTER = `subscription($slug: String!, $after: String) {
  threadActivity(slug: $slug, after: $after) { kind position postId post { body } thread { postCount } }
}`;
export const CATEGORY_AFTER = `subscription($slug: String!, $after: String) {
  categoryActivity(slug: $slug, after: $after) { kind position threadSlug }
}`;
export const THREAD_PAGE = `query($slug: String!) {
  thread(slug: $slug) { liveCursor postCount posts(first: 50) { nodes { id body } } }
}`;

/** Events kept per channel in these suites: small, so that a test can outrun it. */
export const BACKLOG = 6;

export function defineLivePositionsSuite(db: DbKind, cache: CacheKind) {
  describe(`live positions on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    const clients: LiveClient[] = [];
    /** Backlog reads (of live_events) while a test counts them; null: not counting. */
    let backlogReads: number | null = null;
    const open = (token?: string) => {
      const client = connect(forum, token);
      clients.push(client);
      return client;
    };
    beforeAll(async () => {
      const defaults = loadConfig({}).live;
      forum = await startForum({
        db, cache, config: { live: { ...defaults, backlogMaxEvents: BACKLOG } },
        onQuery: (query) => { if (backlogReads !== null && /from "live_events"/.test(query)) backlogReads++; },
      });
      seed = await seedForum(forum);
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await forum?.close();
    });

    it('replays to a subscription after a cached page\'s liveCursor every reply committed since, in order, then live ones', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Render, then subscribe' });
      await createPost(forum, seed.bob.token, t.slug, 'Already on the page');
      await forum.ok(THREAD_PAGE, { slug: t.slug });
      const page = (await forum.ok(THREAD_PAGE, { slug: t.slug })).thread; // from the cache
      expect(page.posts.nodes.map((p: any) => p.body)).toEqual(['Opening post body', 'Already on the page']);

      const missed: string[] = [];
      for (let i = 0; i < 4; i++) missed.push(await createPost(forum, seed.bob.token, t.slug, `While the page loaded ${i}`));
      const sub = open().subscribe(THREAD_AFTER, { slug: t.slug, after: page.liveCursor });
      const replayed = (await sub.take(4)).map((e) => e.data.threadActivity);
      expect(replayed.map((e) => [e.kind, e.postId])).toEqual(missed.map((id) => ['POST_ADDED', id]));
      expect(replayed[3].thread.postCount).toBe(6); // an event carries the state, not a delta

      await listening(forum, `thread:${t.slug}`);
      const live = await createPost(forum, seed.alice.token, t.slug, 'Live one');
      const events = (await sub.take(5)).map((e) => e.data.threadActivity);
      expect(events[4]).toMatchObject({ kind: 'POST_ADDED', postId: live, post: { body: 'Live one' } });
      const positions = events.map((e) => e.position);
      expect(new Set(positions).size).toBe(5);
      await new Promise((r) => setTimeout(r, 100));
      expect(sub.events).toHaveLength(5);
    });

    it('resumes from the last position a subscriber saw: what it missed while away comes once, in order', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Reconnecting reader' });
      const first = open().subscribe(THREAD_AFTER, { slug: t.slug });
      await listening(forum, `thread:${t.slug}`);
      await createPost(forum, seed.bob.token, t.slug, 'Seen');
      const [seen] = await first.take(1);
      first.stop();
      const away = [await createPost(forum, seed.bob.token, t.slug, 'Away 1'), await createPost(forum, seed.bob.token, t.slug, 'Away 2')];
      const again = open().subscribe(THREAD_AFTER, { slug: t.slug, after: seen.data.threadActivity.position });
      expect((await again.take(2)).map((e) => e.data.threadActivity.postId)).toEqual(away);
      await new Promise((r) => setTimeout(r, 100));
      expect(again.events).toHaveLength(2);
    });

    it("replays a category's threads created since its page's liveCursor", async () => {
      await forum.ok(`mutation { createCategory(input: { slug: "positions", name: "Positions" }) { slug } }`, {}, seed.admin.token);
      const page = `query { category(slug: "positions") { liveCursor threadCount } threads(filter: { categorySlug: "positions" }) { nodes { slug } } }`;
      await createThread(forum, seed.alice.token, { categorySlug: 'positions', title: 'Before the page' });
      const shown = await forum.ok(page, {});
      expect(shown.threads.nodes).toHaveLength(1);
      const created = [
        (await createThread(forum, seed.alice.token, { categorySlug: 'positions', title: 'After the page 1' })).slug,
        (await createThread(forum, seed.bob.token, { categorySlug: 'positions', title: 'After the page 2' })).slug,
      ];
      const sub = open().subscribe(CATEGORY_AFTER, { slug: 'positions', after: shown.category.liveCursor });
      expect((await sub.take(2)).map((e) => [e.data.categoryActivity.kind, e.data.categoryActivity.threadSlug]))
        .toEqual(created.map((slug) => ['THREAD_CREATED', slug]));
    });

    it("gives a category page a liveCursor no later than its list, when a thread is created between the list read and the cursor", async () => {
      await forum.ok(`mutation { createCategory(input: { slug: "between", name: "Between" }) { slug } }`, {}, seed.admin.token);
      const before = await createThread(forum, seed.alice.token, { categorySlug: 'between', title: 'Before the page' });
      // The list is read, then a thread is created and applied, and only then may the category (and its cursor) load.
      const cache = forum.app.cache as any;
      const { indexedThreadList, threadList, categories } = cache;
      let created!: { slug: string };
      let listRead!: () => void;
      const commitAfterList = new Promise<void>((resolve) => { listRead = resolve; });
      let hookList = true;
      let holdCategory = true;
      // The list is read from its index when ready, else from its list entry: the hook follows whichever answered.
      const afterList = (read: (...a: any[]) => Promise<unknown>) => async (args: any, ...rest: unknown[]) => {
        const list = await read.call(cache, args, ...rest);
        if (list !== null && hookList && args.filter.categorySlug === 'between') {
          hookList = false;
          created = await createThread(forum, seed.bob.token, { categorySlug: 'between', title: 'Between list and cursor' });
          listRead();
        }
        return list;
      };
      cache.indexedThreadList = afterList(indexedThreadList);
      cache.threadList = afterList(threadList);
      cache.categories = async (slugs: string[], ...rest: unknown[]) => {
        if (holdCategory && slugs.includes('between')) {
          holdCategory = false;
          await commitAfterList;
        }
        return categories.call(cache, slugs, ...rest);
      };
      let shown: any;
      try {
        shown = await forum.ok(`query {
          category(slug: "between") { liveCursor }
          threads(filter: { categorySlug: "between" }) { nodes { slug } }
        }`, {});
      } finally {
        cache.indexedThreadList = indexedThreadList;
        cache.threadList = threadList;
        cache.categories = categories;
      }
      expect(shown.threads.nodes.map((t: any) => t.slug)).toEqual([before.slug]);

      const sub = open().subscribe(CATEGORY_AFTER, { slug: 'between', after: shown.category.liveCursor });
      await listening(forum, 'category:between');
      const live = await createThread(forum, seed.alice.token, { categorySlug: 'between', title: 'Live' });
      // The thread the list did not show comes first (a cursor ahead of the list would skip it), then the live one.
      const heard = async (n: number) => (await sub.take(n)).map((e) => [e.data.categoryActivity.kind, e.data.categoryActivity.threadSlug]);
      expect(await heard(1)).toEqual([['THREAD_CREATED', created.slug]]);
      expect(await heard(2)).toEqual([['THREAD_CREATED', created.slug], ['THREAD_CREATED', live.slug]]);
    });

    it('answers a position the backlog no longer reaches with RESYNC at once, then the events after it', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Too far behind' });
      const { liveCursor } = (await forum.ok(THREAD_PAGE, { slug: t.slug })).thread;
      for (let i = 0; i < BACKLOG + 2; i++) await createPost(forum, seed.bob.token, t.slug, `Reply ${i}`);
      const sub = open().subscribe(THREAD_AFTER, { slug: t.slug, after: liveCursor });
      const [resync] = await sub.take(1);
      expect(resync.data.threadActivity).toMatchObject({ kind: 'RESYNC', thread: { postCount: BACKLOG + 3 } });
      // The RESYNC's position is where the subscription goes on from: a refetched page shows everything up to it.
      const refetched = (await forum.ok(THREAD_PAGE, { slug: t.slug })).thread;
      expect(refetched.posts.nodes).toHaveLength(BACKLOG + 3);
      await listening(forum, `thread:${t.slug}`);
      const reply = await createPost(forum, seed.bob.token, t.slug, 'After the resync');
      const events = await sub.take(2);
      expect(events[1].data.threadActivity).toMatchObject({ kind: 'POST_ADDED', postId: reply });
    });

    it('fills a hole that the subscriptions of a thread share with one backlog read, not one each, in order and once', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Sixty readers' });
      const subs: Subscription[] = [];
      for (let c = 0; c < 3; c++) {
        const client = open();
        for (let i = 0; i < 20; i++) subs.push(client.subscribe(THREAD_AFTER, { slug: t.slug }));
      }
      await listening(forum, `thread:${t.slug}`, subs.length);
      const first = await createPost(forum, seed.bob.token, t.slug, 'Everyone is here');
      await Promise.all(subs.map((s) => s.take(1)));
      // The next reply is announced late (its writer's process stalled between applying it and announcing it): the
      // one after it is heard first, and every subscription waits for the same hole, then asks the backlog.
      const bus = forum.app.bus;
      const announce = bus.announce.bind(bus);
      let late: Announcement | undefined;
      bus.announce = async (announcement) => { late ??= announcement; };
      try {
        const missed = await createPost(forum, seed.bob.token, t.slug, 'Announced late');
        await forum.app.cache.settled(); // the announcement follows the reply's answer: let it reach the stub first
        expect(late?.events.map((e) => e.kind)).toContain('POST_ADDED');
        bus.announce = announce;
        backlogReads = 0;
        const next = await createPost(forum, seed.bob.token, t.slug, 'Announced on time');
        const events = await Promise.all(subs.map((s) => s.take(3)));
        expect(backlogReads).toBeLessThanOrEqual(3);
        for (const got of events) expect(got.map((e) => e.data.threadActivity.postId)).toEqual([first, missed, next]);
        await announce(late!); // heard at last: already passed on from the backlog
        const last = await createPost(forum, seed.bob.token, t.slug, 'After the hole');
        const after = await Promise.all(subs.map((s) => s.take(4)));
        for (const got of after) expect(got.map((e) => e.data.threadActivity.postId)).toEqual([first, missed, next, last]);
        expect(subs.filter((s) => s.events.length !== 4)).toEqual([]);
      } finally {
        bus.announce = announce;
        backlogReads = null;
      }
    });

    it("refuses as after another thread's cursor, or junk, with BAD_USER_INPUT", async () => {
      const one = await createThread(forum, seed.alice.token, { title: 'One' });
      const two = await createThread(forum, seed.alice.token, { title: 'Two' });
      const { liveCursor } = (await forum.ok(THREAD_PAGE, { slug: one.slug })).thread;
      for (const after of [liveCursor, 'not-a-cursor', '']) {
        const sub = open().subscribe(THREAD_AFTER, { slug: two.slug, after });
        await expect.poll(() => sub.completed).toBe(true);
        const errors = sub.errors ?? sub.events[0]?.errors;
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });
  });
}
