// Replies and accepted answers (docs/api.md, "Replies" and "Answers"): each rule with its code, and every change
// visible on the next read of a page that was cached before it.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind, TestForum } from '../support/forum.js';
import { createThread, rowId, type Account } from '../support/seed.js';
import { DELETE_POST, seededForum } from './api-helpers.js';

const REPLY = `mutation($slug: String!, $body: String!, $to: ID) {
  createPost(input: { threadSlug: $slug, body: $body, replyToPostId: $to }) { id replyTo { id } replyCount }
}`;
const PAGE = `query($slug: String!) { thread(slug: $slug) {
  answer { id body }
  posts(first: 50) { nodes { id body replyCount isAnswer replyTo { id body } } }
} }`;
const MARK = `mutation($p: ID!) { markAnswer(postId: $p) { slug answer { id isAnswer } } }`;
const UNMARK = `mutation($s: String!) { unmarkAnswer(threadSlug: $s) { slug answer { id } } }`;
const ANSWERED = `query($answered: Boolean, $cat: String) {
  threads(filter: { answered: $answered, categorySlug: $cat }, first: 100) { totalCount nodes { slug } }
}`;
const PROFILE_POSTS = `query($u: String!) { user(username: $u) { posts(first: 50) { nodes { id replyCount isAnswer } } } }`;

async function reply(forum: TestForum, who: Account, slug: string, body: string, to?: string): Promise<string> {
  return (await forum.ok(REPLY, { slug, body, to: to ?? null }, who.token)).createPost.id;
}
const page = async (forum: TestForum, slug: string) => (await forum.ok(PAGE, { slug })).thread;
const byId = (thread: any, id: string) => thread.posts.nodes.find((p: any) => p.id === id);
const answered = async (forum: TestForum, value: boolean, cat = 'indoor') =>
  (await forum.ok(ANSWERED, { answered: value, cat })).threads.nodes.map((n: any) => n.slug);

export function defineAnswersRepliesSuite(db: DbKind, cache: CacheKind) {
  describe(`replies and accepted answers (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('a reply names its parent; the parent counts its live direct replies, fresh after each reply and delete', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Who replies to whom', body: 'Opening' });
      expect(byId(await page(forum, t.slug), t.firstPostId).replyCount).toBe(0); // cached before the replies
      const r1 = await reply(forum, seed.bob, t.slug, 'First answer', t.firstPostId);
      const r2 = await reply(forum, seed.moderator, t.slug, 'Second answer', String(rowId(t.firstPostId))); // numeric: deprecated, works
      const nested = await reply(forum, seed.alice, t.slug, 'Reply to the first', r1);
      await reply(forum, seed.bob, t.slug, 'No parent');
      let thread = await page(forum, t.slug);
      expect(byId(thread, t.firstPostId).replyCount).toBe(2);
      expect(byId(thread, r1)).toMatchObject({ replyCount: 1, replyTo: { id: t.firstPostId, body: 'Opening' } });
      expect(byId(thread, r2).replyTo.id).toBe(t.firstPostId);
      expect(byId(thread, nested).replyTo).toEqual({ id: r1, body: 'First answer' });
      expect(thread.posts.nodes.at(-1).replyTo).toBeNull();
      // The parent's author sees the count on their profile too (alice's opening post).
      const profile = async () => (await forum.ok(PROFILE_POSTS, { u: 'alice' })).user.posts.nodes.find((p: any) => p.id === t.firstPostId);
      expect((await profile()).replyCount).toBe(2);
      await forum.ok(DELETE_POST, { id: r2 }, seed.moderator.token);
      expect(byId(await page(forum, t.slug), t.firstPostId).replyCount).toBe(1);
      expect((await profile()).replyCount).toBe(1);
      // A deleted parent: its replies show replyTo null.
      await forum.ok(DELETE_POST, { id: r1 }, seed.bob.token);
      thread = await page(forum, t.slug);
      expect(byId(thread, nested).replyTo).toBeNull();
      expect(byId(thread, t.firstPostId).replyCount).toBe(0);
    });

    it('replyToPostId must name a live post (NOT_FOUND) of the same thread (BAD_USER_INPUT)', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Replies stay in their thread' });
      const other = await createThread(forum, seed.bob.token, { title: 'Another thread' });
      const gone = await reply(forum, seed.bob, t.slug, 'Soon deleted');
      await forum.ok(DELETE_POST, { id: gone }, seed.bob.token);
      const code = (to: string) => forum.code(REPLY, { slug: t.slug, body: 'A reply', to }, seed.bob.token);
      expect(await code(other.firstPostId)).toBe('BAD_USER_INPUT');
      for (const to of [gone, '99999999', 'not-an-id', t.id]) expect(await code(to), to).toBe('NOT_FOUND');
      expect(await forum.code(REPLY, { slug: t.slug, body: 'A reply', to: t.firstPostId })).toBe('UNAUTHENTICATED');
      expect(await forum.code(REPLY, { slug: 'no-such-thread', body: 'A reply', to: t.firstPostId }, seed.bob.token)).toBe('NOT_FOUND');
      // Nothing was written by the refusals.
      expect((await page(forum, t.slug)).posts.nodes.map((p: any) => p.body)).toEqual(['Opening post body']);
    });

    it("the thread's author or a moderator marks an answer, replacing the previous one; others are refused", async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Which soil for cacti?', categorySlug: 'indoor' });
      const a1 = await reply(forum, seed.bob, t.slug, 'Sandy soil');
      const a2 = await reply(forum, seed.moderator, t.slug, 'Gritty mix');
      expect((await page(forum, t.slug)).answer).toBeNull(); // cached before the mark
      expect(await forum.code(MARK, { p: a1 })).toBe('UNAUTHENTICATED');
      expect(await forum.code(MARK, { p: a1 }, seed.bob.token)).toBe('FORBIDDEN');
      expect(await forum.code(MARK, { p: '99999999' }, seed.alice.token)).toBe('NOT_FOUND');
      expect(await forum.code(MARK, { p: t.id }, seed.alice.token)).toBe('NOT_FOUND');
      expect((await forum.ok(MARK, { p: a1 }, seed.alice.token)).markAnswer).toEqual({ slug: t.slug, answer: { id: a1, isAnswer: true } });
      let thread = await page(forum, t.slug);
      expect(thread.answer).toEqual({ id: a1, body: 'Sandy soil' });
      expect(thread.posts.nodes.filter((p: any) => p.isAnswer).map((p: any) => p.id)).toEqual([a1]);
      expect((await forum.ok(PROFILE_POSTS, { u: 'bob' })).user.posts.nodes.find((p: any) => p.id === a1).isAnswer).toBe(true);
      // A moderator replaces it (numeric id: deprecated, works).
      await forum.ok(MARK, { p: String(rowId(a2)) }, seed.moderator.token);
      thread = await page(forum, t.slug);
      expect(thread.answer.id).toBe(a2);
      expect(thread.posts.nodes.filter((p: any) => p.isAnswer).map((p: any) => p.id)).toEqual([a2]);
      expect((await forum.ok(PROFILE_POSTS, { u: 'bob' })).user.posts.nodes.find((p: any) => p.id === a1).isAnswer).toBe(false);
      // Unmarking: the same rules, then no answer.
      expect(await forum.code(UNMARK, { s: t.slug }, seed.bob.token)).toBe('FORBIDDEN');
      expect(await forum.code(UNMARK, { s: 'no-such-thread' }, seed.alice.token)).toBe('NOT_FOUND');
      expect((await forum.ok(UNMARK, { s: t.slug }, seed.alice.token)).unmarkAnswer).toEqual({ slug: t.slug, answer: null });
      thread = await page(forum, t.slug);
      expect(thread.answer).toBeNull();
      expect(thread.posts.nodes.some((p: any) => p.isAnswer)).toBe(false);
      expect((await forum.ok(UNMARK, { s: t.slug }, seed.alice.token)).unmarkAnswer.answer).toBeNull(); // none: unchanged
    });

    it('answered filters lists, counts and pages, fresh after marking, unmarking and deleting the answer', async () => {
      const { forum, seed } = s;
      const q = await createThread(forum, seed.alice.token, { title: 'Repotting an orchid', categorySlug: 'indoor' });
      const other = await createThread(forum, seed.bob.token, { title: 'Misting ferns', categorySlug: 'indoor' });
      const a = await reply(forum, seed.bob, q.slug, 'Use bark');
      const before = { yes: await answered(forum, true), no: await answered(forum, false) }; // cached
      expect(before.no).toEqual(expect.arrayContaining([q.slug, other.slug]));
      expect(before.yes).not.toContain(q.slug);
      await forum.ok(MARK, { p: a }, seed.alice.token);
      expect(await answered(forum, true)).toContain(q.slug);
      expect(await answered(forum, false)).not.toContain(q.slug);
      expect(await answered(forum, false)).toContain(other.slug);
      const counts = async () => ({
        yes: (await forum.ok(ANSWERED, { answered: true, cat: 'indoor' })).threads.totalCount,
        no: (await forum.ok(ANSWERED, { answered: false, cat: 'indoor' })).threads.totalCount,
        all: (await forum.ok(ANSWERED, { cat: 'indoor' })).threads.totalCount,
      });
      const marked = await counts();
      expect(marked.yes + marked.no).toBe(marked.all);
      expect((await answered(forum, true, 'garden'))).not.toContain(q.slug);
      // Deleting the answer post clears the answer.
      await forum.ok(DELETE_POST, { id: a }, seed.bob.token);
      expect((await page(forum, q.slug)).answer).toBeNull();
      expect(await answered(forum, true)).not.toContain(q.slug);
      expect(await answered(forum, false)).toContain(q.slug);
      const after = await counts();
      expect(after.yes).toBe(marked.yes - 1);
      expect(after.no).toBe(marked.no + 1);
      // Cursors are bound to the answered filter too.
      const { threads } = await forum.ok(`query { threads(filter: { answered: false }, first: 1) { pageInfo { endCursor } } }`);
      expect(await forum.code(`query($a: String) { threads(filter: { answered: true }, first: 1, after: $a) { totalCount } }`,
        { a: threads.pageInfo.endCursor })).toBe('BAD_USER_INPUT');
    });

    it("a page never shows a live thread without its answer while the thread's deletion commits", async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Answered, then removed', categorySlug: 'indoor' });
      const a = await reply(forum, seed.bob, t.slug, 'Repot in spring', t.firstPostId);
      await forum.ok(MARK, { p: a }, seed.alice.token);
      expect((await page(forum, t.slug)).answer).toEqual({ id: a, body: 'Repot in spring' }); // the thread is cached
      // The deletion has committed and its invalidation has not run yet (the moment between the two, held open).
      const { db: database } = forum.app.database;
      await database.execute(sql`update threads set deleted_at = now() where slug = ${t.slug}`);
      const during = await page(forum, t.slug);
      // Either state is fine, one before the deletion or one after; a live thread whose answer vanished is neither.
      if (during !== null) {
        expect(during.answer).toEqual({ id: a, body: 'Repot in spring' });
        expect(byId(during, a).replyTo?.id).toBe(t.firstPostId);
      }
      await forum.app.cache.invalidateThread(t.slug);
      expect(await page(forum, t.slug)).toBeNull(); // once invalidated: gone, and the answer with it
    });
  });
}
