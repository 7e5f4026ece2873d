// Reading a long thread: post numbers, one post by id, and pages from the end (last/before) that agree with pages
// from the start, with exact pageInfo both ways, while posts are added and deleted.
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind, TestForum } from '../support/forum.js';
import { createPost, createThread } from '../support/seed.js';
import { DELETE_POST, seededForum } from './api-helpers.js';

const PAGE = `query($slug: String!, $first: Int! = 20, $after: String, $last: Int, $before: String) {
  thread(slug: $slug) {
    posts(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      nodes { id number body }
      edges { cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;
const POST = `query($id: ID!) { post(id: $id) { id number body replyCount isAnswer replyTo { id } thread { slug } author { username } } }`;

interface Page { bodies: string[]; numbers: number[]; hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }

async function page(forum: TestForum, slug: string, args: Record<string, unknown>): Promise<Page> {
  const { posts } = (await forum.ok(PAGE, { slug, ...args })).thread;
  return {
    bodies: posts.nodes.map((n: any) => n.body), numbers: posts.nodes.map((n: any) => n.number), ...posts.pageInfo,
  };
}

/** Every body, read forwards in pages of `size`. */
async function readForwards(forum: TestForum, slug: string, size: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const p: Page = await page(forum, slug, { first: size, after });
    out.push(...p.bodies);
    if (!p.hasNextPage) return out;
    after = p.endCursor;
  }
  throw new Error('no end');
}

/** Every body, read backwards in pages of `size`, returned in thread order. */
async function readBackwards(forum: TestForum, slug: string, size: number): Promise<string[]> {
  const pages: string[][] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const p: Page = await page(forum, slug, { last: size, before });
    pages.unshift(p.bodies);
    if (!p.hasPreviousPage) return pages.flat();
    before = p.startCursor;
  }
  throw new Error('no start');
}

export function defineReadingPagesSuite(db: DbKind, cache: CacheKind) {
  describe(`post numbers, post(id) and backward pages (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    async function threadWith(replies: number, title = 'A long read about peppers') {
      const { forum, seed } = s;
      const thread = await createThread(forum, seed.alice.token, { title, body: 'Opening' });
      const ids = [thread.firstPostId];
      for (let i = 1; i <= replies; i++) ids.push(await createPost(forum, i % 2 ? seed.bob.token : seed.alice.token, thread.slug, `Reply ${i}`));
      return { slug: thread.slug, ids };
    }

    it('numbers posts from 1 for the opening post; deleted posts leave gaps that are never reused', async () => {
      const { forum, seed } = s;
      const { slug, ids } = await threadWith(4);
      expect((await page(forum, slug, {})).numbers).toEqual([1, 2, 3, 4, 5]);
      await forum.ok(DELETE_POST, { id: ids[2] }, seed.moderator.token);
      await forum.ok(DELETE_POST, { id: ids[4] }, seed.moderator.token);
      await createPost(forum, seed.bob.token, slug, 'After the deletes');
      const after = await page(forum, slug, {});
      expect(after.numbers).toEqual([1, 2, 4, 6]);
      expect(after.bodies.at(-1)).toBe('After the deletes');
    });

    it('post(id) returns a live post with its thread, and null for a deleted, unknown or malformed id', async () => {
      const { forum, seed } = s;
      const { slug, ids } = await threadWith(2);
      const { post } = await forum.ok(POST, { id: ids[1] });
      expect(post).toMatchObject({ id: ids[1], number: 2, body: 'Reply 1', replyCount: 0, isAnswer: false, replyTo: null,
        thread: { slug }, author: { username: 'bob' } });
      await forum.ok(DELETE_POST, { id: ids[1] }, seed.bob.token);
      for (const id of [ids[1], '2147483647', '0', '-1', 'not-an-id', 'UG9zdDo', '9'.repeat(40), '']) {
        expect((await forum.ok(POST, { id })).post, id).toBeNull();
      }
    });

    it('last pages from the end, oldest first, with exact pageInfo', async () => {
      const { forum } = s;
      const { slug } = await threadWith(9); // 10 posts
      const last = await page(forum, slug, { last: 4 });
      expect(last.bodies).toEqual(['Reply 6', 'Reply 7', 'Reply 8', 'Reply 9']);
      expect(last.numbers).toEqual([7, 8, 9, 10]);
      expect([last.hasPreviousPage, last.hasNextPage]).toEqual([true, false]);
      const before = await page(forum, slug, { last: 4, before: last.startCursor });
      expect(before.bodies).toEqual(['Reply 2', 'Reply 3', 'Reply 4', 'Reply 5']);
      expect([before.hasPreviousPage, before.hasNextPage]).toEqual([true, true]);
      const start = await page(forum, slug, { last: 4, before: before.startCursor });
      expect(start.bodies).toEqual(['Opening', 'Reply 1']);
      expect([start.hasPreviousPage, start.hasNextPage]).toEqual([false, true]);
      const all = await page(forum, slug, { last: 10 });
      expect([all.hasPreviousPage, all.hasNextPage]).toEqual([false, false]);
      // Forward pages are exact on their other side too.
      const forward = await page(forum, slug, { first: 3, after: start.endCursor });
      expect(forward.bodies).toEqual(['Reply 2', 'Reply 3', 'Reply 4']);
      expect([forward.hasPreviousPage, forward.hasNextPage]).toEqual([true, true]);
      // Cursors are shared: a forward cursor pages backwards and a backward one forwards.
      expect((await page(forum, slug, { last: 2, before: forward.endCursor })).bodies).toEqual(['Reply 2', 'Reply 3']);
      expect((await page(forum, slug, { first: 2, after: before.startCursor })).bodies).toEqual(['Reply 3', 'Reply 4']);
    });

    it('before without last means last: 20, and first is ignored when last or before is given', async () => {
      const { forum } = s;
      const { slug } = await threadWith(24); // 25 posts
      const last = await page(forum, slug, { first: 3, last: 5 });
      expect(last.bodies).toEqual(['Reply 20', 'Reply 21', 'Reply 22', 'Reply 23', 'Reply 24']);
      const before = await page(forum, slug, { first: 3, before: last.startCursor });
      expect(before.numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(before.hasPreviousPage).toBe(false);
    });

    it('forward and backward reads agree on a thread with gaps, and while posts are added', async () => {
      const { forum, seed } = s;
      const { slug, ids } = await threadWith(17);
      for (const i of [3, 4, 9, 16]) await forum.ok(DELETE_POST, { id: ids[i] }, seed.moderator.token);
      const forwards = await readForwards(forum, slug, 4);
      expect(forwards).toHaveLength(14);
      for (const size of [1, 3, 4, 20]) expect(await readBackwards(forum, slug, size)).toEqual(forwards);
      // New replies arrive while a reader pages back from the end: the pages already read stay as they were, and
      // nothing before the reader's cursor is skipped or repeated.
      const newest = await page(forum, slug, { last: 5 });
      await createPost(forum, seed.bob.token, slug, 'Late reply A');
      await createPost(forum, seed.bob.token, slug, 'Late reply B');
      const older: string[] = [];
      let before: string | null = newest.startCursor;
      while (before) {
        const p: Page = await page(forum, slug, { last: 5, before });
        older.unshift(...p.bodies);
        before = p.hasPreviousPage ? p.startCursor : null;
      }
      expect([...older, ...newest.bodies]).toEqual(forwards);
      const now = await page(forum, slug, { last: 5, before: null });
      expect(now.bodies.slice(-2)).toEqual(['Late reply A', 'Late reply B']);
      expect(await readBackwards(forum, slug, 6)).toEqual(await readForwards(forum, slug, 6));
      // The page that ended the thread now has a next page.
      expect((await page(forum, slug, { first: 20, after: newest.endCursor })).bodies).toEqual(['Late reply A', 'Late reply B']);
      expect((await page(forum, slug, { last: 5, before: newest.endCursor })).hasNextPage).toBe(true);
    });

    it('a cursor whose post was deleted still pages both ways, and pageInfo stays exact', async () => {
      const { forum, seed } = s;
      const { slug, ids } = await threadWith(5); // Opening, Reply 1..5
      const mid = await page(forum, slug, { first: 3 }); // Opening, Reply 1, Reply 2
      await forum.ok(DELETE_POST, { id: ids[2] }, seed.moderator.token); // Reply 2: the cursor's own post
      expect((await page(forum, slug, { first: 10, after: mid.endCursor })).bodies).toEqual(['Reply 3', 'Reply 4', 'Reply 5']);
      const back = await page(forum, slug, { last: 10, before: mid.endCursor });
      expect(back.bodies).toEqual(['Opening', 'Reply 1']);
      expect(back.hasNextPage).toBe(true);
      for (const i of [3, 4, 5]) await forum.ok(DELETE_POST, { id: ids[i] }, seed.moderator.token);
      const tail = await page(forum, slug, { first: 10, after: mid.endCursor });
      expect(tail.bodies).toEqual([]);
      expect([tail.hasPreviousPage, tail.hasNextPage]).toEqual([true, false]);
      const empty = await page(forum, slug, { last: 10, before: mid.startCursor });
      expect([empty.bodies, empty.hasPreviousPage, empty.hasNextPage]).toEqual([[], false, true]);
    });

    it('refuses after with last or before, last outside 1-100 and foreign cursors, with BAD_USER_INPUT', async () => {
      const { forum } = s;
      const { slug } = await threadWith(3);
      const other = await threadWith(3, 'Another read');
      const p = await page(forum, slug, { first: 2 });
      const foreign = (await page(forum, other.slug, { first: 2 })).endCursor;
      const cases: Record<string, unknown>[] = [
        { after: p.endCursor, last: 2 }, { after: p.endCursor, before: p.endCursor }, { last: 0 }, { last: 101 },
        { last: -1 }, { before: 'garbage' }, { before: foreign }, { last: 2, before: '' }, { before: 'x'.repeat(600) },
      ];
      for (const args of cases) expect(await forum.code(PAGE, { slug, ...args }), JSON.stringify(args)).toBe('BAD_USER_INPUT');
    });

    it('counts last as first in the query cost limit', async () => {
      const { forum } = s;
      const nested = (arg: string) => `{ threads(first: 100) { nodes { posts(${arg}) { nodes { id body number createdAt } } } } }`;
      expect(await forum.code(nested('last: 100'))).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await forum.gql(nested('last: 1, first: 100'))).errors).toBeUndefined();
    });
  });
}
