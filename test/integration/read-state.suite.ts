// Read state (docs/api.md, "Read state"): marks only move forward, are per user, and never show to anyone else;
// a reader's own posts are never unread; unreadThreads lists what has news, by last activity.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CacheKind, DbKind, TestForum } from '../support/forum.js';
import { createPost, createThread, register, type Account } from '../support/seed.js';
import { DELETE_POST, seededForum } from './api-helpers.js';

const STATE = `query($s: String!) { thread(slug: $s) { viewerLastReadPostNumber viewerUnreadCount } }`;
const MARK = `mutation($s: String!, $n: Int) { markThreadRead(slug: $s, upToPostNumber: $n) { slug viewerLastReadPostNumber viewerUnreadCount } }`;
const UNREAD = `query($first: Int! = 20, $after: String) {
  unreadThreads(first: $first, after: $after) { totalCount nodes { slug viewerUnreadCount } pageInfo { hasNextPage endCursor } }
}`;

const state = async (forum: TestForum, slug: string, who?: Account) => (await forum.ok(STATE, { s: slug }, who?.token)).thread;
const unread = async (forum: TestForum, who: Account) => (await forum.ok(UNREAD, {}, who.token)).unreadThreads;

export function defineReadStateSuite(db: DbKind, cache: CacheKind) {
  describe(`read marks and unread threads (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });
    const x = {} as { carol: Account; dave: Account };
    beforeAll(async () => {
      x.carol = await register(s.forum, 'carol');
      x.dave = await register(s.forum, 'dave');
    });

    it('a mark moves only forward, defaults to the newest post, and counts live posts by others after it', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Counting what is new' });
      const replies: string[] = [];
      for (let i = 1; i <= 4; i++) replies.push(await createPost(forum, seed.bob.token, t.slug, `Reply ${i}`)); // posts 2..5
      expect(await state(forum, t.slug, x.carol)).toEqual({ viewerLastReadPostNumber: null, viewerUnreadCount: null });
      expect((await forum.ok(MARK, { s: t.slug, n: 3 }, x.carol.token)).markThreadRead)
        .toEqual({ slug: t.slug, viewerLastReadPostNumber: 3, viewerUnreadCount: 2 });
      // Backwards: the mark stays where it was.
      expect((await forum.ok(MARK, { s: t.slug, n: 1 }, x.carol.token)).markThreadRead.viewerLastReadPostNumber).toBe(3);
      // Reading the thread does not mark it.
      await forum.ok(`query($s: String!) { thread(slug: $s) { posts(last: 20) { nodes { id } } } }`, { s: t.slug }, x.carol.token);
      expect(await state(forum, t.slug, x.carol)).toEqual({ viewerLastReadPostNumber: 3, viewerUnreadCount: 2 });
      // A deleted post after the mark no longer counts; a new one does.
      await forum.ok(DELETE_POST, { id: replies[3] }, seed.bob.token);
      expect((await state(forum, t.slug, x.carol)).viewerUnreadCount).toBe(1);
      await createPost(forum, seed.bob.token, t.slug, 'Reply 5'); // post 6
      expect((await state(forum, t.slug, x.carol)).viewerUnreadCount).toBe(2);
      // Default: up to the newest post.
      expect((await forum.ok(MARK, { s: t.slug }, x.carol.token)).markThreadRead)
        .toEqual({ slug: t.slug, viewerLastReadPostNumber: 6, viewerUnreadCount: 0 });
    });

    it("a reader's own posts are never unread for them", async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'My own words' });
      await forum.ok(MARK, { s: t.slug }, seed.alice.token);
      await createPost(forum, seed.alice.token, t.slug, 'Alice again');
      await createPost(forum, seed.alice.token, t.slug, 'And again');
      expect(await state(forum, t.slug, seed.alice)).toEqual({ viewerLastReadPostNumber: 1, viewerUnreadCount: 0 });
      expect((await unread(forum, seed.alice)).nodes.map((n: any) => n.slug)).not.toContain(t.slug);
      await createPost(forum, seed.bob.token, t.slug, 'Bob chimes in');
      expect((await state(forum, t.slug, seed.alice)).viewerUnreadCount).toBe(1);
    });

    it("two viewers' marks never cross, and anonymous readers see null, also after signed-in reads were cached", async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Two readers, two marks' });
      for (let i = 1; i <= 3; i++) await createPost(forum, seed.moderator.token, t.slug, `Reply ${i}`);
      await forum.ok(MARK, { s: t.slug, n: 2 }, seed.bob.token);
      await forum.ok(MARK, { s: t.slug, n: 4 }, x.carol.token);
      for (let round = 0; round < 2; round++) {
        const [anon, bob, carol, dave] = await Promise.all([
          state(forum, t.slug), state(forum, t.slug, seed.bob), state(forum, t.slug, x.carol), state(forum, t.slug, x.dave),
        ]);
        expect(anon).toEqual({ viewerLastReadPostNumber: null, viewerUnreadCount: null });
        expect(bob).toEqual({ viewerLastReadPostNumber: 2, viewerUnreadCount: 2 });
        expect(carol).toEqual({ viewerLastReadPostNumber: 4, viewerUnreadCount: 0 });
        expect(dave).toEqual({ viewerLastReadPostNumber: null, viewerUnreadCount: null });
      }
    });

    it("a stored anonymous response is never served to a signed-in reader, whose answer is private", async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Stored for anonymous readers only' });
      await createPost(forum, seed.bob.token, t.slug, 'News');
      await forum.ok(MARK, { s: t.slug, n: 1 }, x.carol.token);
      const send = (token?: string) => fetch(forum.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: STATE, variables: { s: t.slug } }),
      });
      for (let i = 0; i < 3; i++) {
        const anonymous = await send();
        expect(anonymous.headers.get('cache-control')).not.toContain('private');
        expect((await anonymous.json()).data.thread).toEqual({ viewerLastReadPostNumber: null, viewerUnreadCount: null });
        const carol = await send(x.carol.token);
        expect(carol.headers.get('cache-control')).toBe('private, no-store');
        expect((await carol.json()).data.thread).toEqual({ viewerLastReadPostNumber: 1, viewerUnreadCount: 1 });
      }
    });

    it('refuses anonymous callers, unknown threads and post numbers outside the thread', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Bounds of a mark' });
      expect(await forum.code(MARK, { s: t.slug })).toBe('UNAUTHENTICATED');
      expect(await forum.code(UNREAD, {})).toBe('UNAUTHENTICATED');
      expect(await forum.code(MARK, { s: 'no-such-thread' }, seed.bob.token)).toBe('NOT_FOUND');
      expect(await forum.code(MARK, { s: t.slug, n: 0 }, seed.bob.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(MARK, { s: t.slug, n: 2 }, seed.bob.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(UNREAD, { first: 0 }, seed.bob.token)).toBe('BAD_USER_INPUT');
      expect(await state(forum, t.slug, seed.bob)).toEqual({ viewerLastReadPostNumber: null, viewerUnreadCount: null });
    });

    it('unreadThreads lists marked threads with newer posts by others, by last activity, in pages', async () => {
      const { forum, seed } = s;
      const reader = await register(forum, 'reader');
      const [a, b, c, quiet] = await Promise.all(['Unread A', 'Unread B', 'Unread C', 'Quiet one']
        .map((title) => createThread(forum, seed.alice.token, { title })));
      for (const t of [a, b, c, quiet]) await forum.ok(MARK, { s: t.slug }, reader.token);
      expect((await unread(forum, reader)).nodes).toEqual([]);
      await createPost(forum, seed.bob.token, b.slug, 'News in B');
      await createPost(forum, seed.bob.token, a.slug, 'News in A');
      await createPost(forum, seed.bob.token, c.slug, 'News in C');
      await createPost(forum, seed.bob.token, a.slug, 'More news in A');
      await createPost(forum, reader.token, quiet.slug, 'My own reply does not count');
      const list = await unread(forum, reader);
      expect(list.nodes).toEqual([
        { slug: a.slug, viewerUnreadCount: 2 }, { slug: c.slug, viewerUnreadCount: 1 }, { slug: b.slug, viewerUnreadCount: 1 },
      ]);
      expect(list.totalCount).toBe(3);
      const first = (await forum.ok(UNREAD, { first: 2 }, reader.token)).unreadThreads;
      expect(first.nodes.map((n: any) => n.slug)).toEqual([a.slug, c.slug]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await forum.ok(UNREAD, { first: 2, after: first.pageInfo.endCursor }, reader.token)).unreadThreads;
      expect(second.nodes.map((n: any) => n.slug)).toEqual([b.slug]);
      expect(second.pageInfo.hasNextPage).toBe(false);
      // A cursor is the reader's own.
      expect(await forum.code(UNREAD, { first: 2, after: first.pageInfo.endCursor }, seed.bob.token)).toBe('BAD_USER_INPUT');
      // Marking read takes a thread off; a deleted thread leaves.
      await forum.ok(MARK, { s: a.slug }, reader.token);
      await forum.ok(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: c.slug }, seed.alice.token);
      expect((await unread(forum, reader)).nodes.map((n: any) => n.slug)).toEqual([b.slug]);
      // Nobody else sees the reader's list.
      expect((await unread(forum, seed.bob)).nodes.map((n: any) => n.slug)).not.toContain(b.slug);
    });
  });
}
