// docs/api.md's error situations: tokens, logins, missing and deleted things, refused deletes, internal failures, and
// the order in which codes win when several apply.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { createPost, createThread, PASSWORD } from '../support/seed.js';
import {
  CREATE_CATEGORY, CREATE_POST, CREATE_THREAD, DELETE_POST, DELETE_THREAD, EDIT_POST, expectCodes, LIST, list, LOGIN,
  newThread, POSTS, postJson, seededForum, slugs, UPDATE_CATEGORY, UPDATE_THREAD,
} from './api-helpers.js';

const SET_ROLE = `mutation($u: String!, $r: Role! = MODERATOR) { setUserRole(username: $u, role: $r) { role } }`;
const TOGGLE = `mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`;
const SET_REACTION = `mutation($id: ID!) { setReaction(postId: $id, type: LOVE, active: true) { id } }`;

export function defineApiErrorsSuite(db: DbKind, cache: CacheKind) {
  describe(`error situations (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });
    const { expectCode, bad, notFound } = expectCodes(s);
    let thread: { id: string; slug: string; firstPostId: string };
    beforeAll(async () => {
      thread = await createThread(s.forum, s.seed.alice.token, { categorySlug: 'indoor', title: 'The errors thread' });
      await createPost(s.forum, s.seed.alice.token, thread.slug, 'A reply by the author');
    });

    it('a malformed, unknown or revoked token is UNAUTHENTICATED on any operation', async () => {
      const { forum } = s;
      const { login } = await forum.ok(LOGIN, { u: 'bob', p: PASSWORD });
      await forum.ok(`mutation { logout }`, {}, login.token);
      const headers = [
        'Bearer', 'Bearer not-a-token', `Basic ${Buffer.from('bob:pw').toString('base64')}`, login.token,
        `Bearer ${'A'.repeat(43)}`, `Bearer ${login.token}`, `Bearer ${login.token} extra`,
      ];
      for (const authorization of headers) {
        for (const query of ['{ categories { slug } }', 'mutation { logout }']) {
          const result = await postJson(forum, JSON.stringify({ query }), { authorization });
          expect(result.status, authorization).toBe(401);
          expect(result.body.errors[0].extensions.code, authorization).toBe('UNAUTHENTICATED');
          expect(result.body.data).toBeUndefined();
        }
      }
      const fine = await postJson(forum, JSON.stringify({ query: '{ viewer { username } }' }), { authorization: `bearer ${s.seed.bob.token}` });
      expect(fine.body).toEqual({ data: { viewer: { username: 'bob' } } });
    });

    it('a wrong password and an unknown username fail alike', async () => {
      const wrong = await s.forum.gql(LOGIN, { u: 'alice', p: 'not-her-password' });
      const unknown = await s.forum.gql(LOGIN, { u: 'nobody-here', p: PASSWORD });
      expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
      expect(wrong.data).toBeNull();
    });

    it("deleting a thread's first post is BAD_USER_INPUT, for its author and for a moderator", async () => {
      const { forum, seed } = s;
      await bad(DELETE_POST, { id: thread.firstPostId }, seed.alice.token);
      await bad(DELETE_POST, { id: thread.firstPostId }, seed.moderator.token);
      const { thread: still } = await forum.ok(POSTS, { slug: thread.slug, first: 1 });
      expect(still.posts.nodes).toEqual([{ body: 'Opening post body' }]);
    });

    it('a mutation naming a thread, post, category or user that does not exist is NOT_FOUND', async () => {
      const { seed } = s;
      const mod = seed.moderator.token;
      await notFound(CREATE_THREAD, { input: { categorySlug: 'no-such-category', title: 'Lost', body: 'x' } }, mod);
      await notFound(CREATE_POST, { slug: 'no-such-thread', body: 'x' }, mod);
      for (const id of ['999999', 'abc', '0', '-1', '99999999999999']) {
        await notFound(EDIT_POST, { id, body: 'x' }, mod);
        await notFound(DELETE_POST, { id }, mod);
        await notFound(TOGGLE, { id }, mod);
        await notFound(SET_REACTION, { id }, mod);
      }
      await notFound(UPDATE_THREAD, { slug: 'no-such-thread', input: { title: 'Renamed' } }, mod);
      await notFound(UPDATE_THREAD, { slug: thread.slug, input: { categorySlug: 'no-such-category' } }, mod);
      await notFound(DELETE_THREAD, { slug: 'no-such-thread' }, mod);
      await notFound(CREATE_CATEGORY, { input: { slug: 'orphan', name: 'Orphan', parentSlug: 'no-such-category' } }, seed.admin.token);
      await notFound(UPDATE_CATEGORY, { slug: 'no-such-category', input: { name: 'x' } }, seed.admin.token);
      await notFound(SET_ROLE, { u: 'nobody-here' }, seed.admin.token);
    });

    it('a slug or username holding a NUL character names nothing, and is no internal error', async () => {
      const { forum, seed } = s;
      const key = 'garden\u0000';
      expect(await forum.ok(`query($k: String!) {
        category(slug: $k) { slug }
        thread(slug: $k) { slug }
        byCategory: threads(filter: { categorySlug: $k }) { totalCount nodes { slug } }
        byAuthor: threads(filter: { authorUsername: $k }) { totalCount nodes { slug } }
      }`, { k: key })).toEqual({
        category: null, thread: null, byCategory: { totalCount: 0, nodes: [] }, byAuthor: { totalCount: 0, nodes: [] },
      });
      const mod = seed.moderator.token;
      await notFound(CREATE_THREAD, { input: { categorySlug: key, title: 'Nul category', body: 'x' } }, mod);
      await notFound(CREATE_POST, { slug: key, body: 'x' }, mod);
      await notFound(UPDATE_THREAD, { slug: key, input: { title: 'Renamed' } }, mod);
      await notFound(UPDATE_THREAD, { slug: thread.slug, input: { categorySlug: key } }, mod);
      await notFound(DELETE_THREAD, { slug: key }, mod);
      await notFound(CREATE_CATEGORY, { input: { slug: 'nul-parent', name: 'Orphan', parentSlug: key } }, seed.admin.token);
      await notFound(UPDATE_CATEGORY, { slug: key, input: { name: 'x' } }, seed.admin.token);
      await expectCode('UNAUTHENTICATED', LOGIN, { u: 'alice\u0000', p: PASSWORD });
    });

    it('a mutation naming a deleted thread or post is NOT_FOUND', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { categorySlug: 'indoor', title: 'Soon deleted' });
      const gone = await createPost(forum, seed.bob.token, t.slug, 'Soon deleted reply');
      const kept = await createPost(forum, seed.bob.token, thread.slug, 'Deleted reply in a live thread');
      await forum.ok(DELETE_POST, { id: kept }, seed.bob.token);
      await forum.ok(DELETE_THREAD, { slug: t.slug }, seed.alice.token);
      const mod = seed.moderator.token;
      await notFound(CREATE_POST, { slug: t.slug, body: 'x' }, mod);
      await notFound(UPDATE_THREAD, { slug: t.slug, input: { title: 'Revived' } }, mod);
      await notFound(DELETE_THREAD, { slug: t.slug }, mod);
      for (const id of [gone, t.firstPostId, kept]) {
        await notFound(EDIT_POST, { id, body: 'x' }, mod);
        await notFound(DELETE_POST, { id }, mod);
        await notFound(TOGGLE, { id }, mod);
        await notFound(SET_REACTION, { id }, mod);
      }
    });

    it('UNAUTHENTICATED wins over every other code', async () => {
      const { forum } = s;
      await expectCode('UNAUTHENTICATED', CREATE_THREAD, { input: { categorySlug: 'no-such-category', title: 'ab', body: '' } });
      await expectCode('UNAUTHENTICATED', UPDATE_THREAD, { slug: 'no-such-thread', input: { title: 'ab', isPinned: true } });
      await expectCode('UNAUTHENTICATED', EDIT_POST, { id: '999999', body: '' });
      await expectCode('UNAUTHENTICATED', CREATE_CATEGORY, { input: { slug: 'Bad Slug', name: '' } });
      await expectCode('UNAUTHENTICATED', SET_ROLE, { u: 'x' });
      const badToken = await postJson(forum, JSON.stringify({ query: LIST, variables: { first: 0 } }), { authorization: 'Bearer nope' });
      expect(badToken.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('BAD_USER_INPUT wins over NOT_FOUND and FORBIDDEN', async () => {
      const bob = s.seed.bob.token;
      await bad(CREATE_THREAD, { input: { categorySlug: 'no-such-category', title: 'ab', body: 'x' } }, bob);
      await bad(CREATE_POST, { slug: 'no-such-thread', body: '   ' }, bob);
      await bad(EDIT_POST, { id: '999999', body: '' }, bob);
      await bad(EDIT_POST, { id: thread.firstPostId, body: '' }, bob);
      await bad(UPDATE_THREAD, { slug: 'no-such-thread', input: { title: 'ab' } }, bob);
      await bad(UPDATE_THREAD, { slug: thread.slug, input: { title: 'ab', isPinned: true } }, bob);
      await bad(DELETE_POST, { id: thread.firstPostId }, bob);
      await bad(CREATE_CATEGORY, { input: { slug: 'Bad Slug', name: 'Name', parentSlug: 'no-such-category' } }, bob);
      await bad(UPDATE_CATEGORY, { slug: 'no-such-category', input: { name: '' } }, bob);
      await bad(SET_ROLE, { u: 'no such user' }, bob);
    });

    it('NOT_FOUND wins over FORBIDDEN', async () => {
      const { forum, seed } = s;
      const bob = seed.bob.token;
      const own = await newThread(forum, seed.bob, 'indoor', "Bob's own thread");
      await notFound(UPDATE_THREAD, { slug: 'no-such-thread', input: { isPinned: true } }, bob);
      await notFound(UPDATE_THREAD, { slug: own, input: { categorySlug: 'no-such-category' } }, bob);
      await notFound(DELETE_THREAD, { slug: 'no-such-thread' }, bob);
      await notFound(EDIT_POST, { id: '999999', body: 'x' }, bob);
      await notFound(CREATE_CATEGORY, { input: { slug: 'orphan', name: 'Orphan', parentSlug: 'no-such-category' } }, bob);
      await notFound(UPDATE_CATEGORY, { slug: 'no-such-category', input: { name: 'x' } }, bob);
      await notFound(SET_ROLE, { u: 'nobody-here' }, bob);
      await expectCode('FORBIDDEN', UPDATE_THREAD, { slug: own, input: { categorySlug: 'garden' } }, bob);
    });
  });

  describe(`failed logins and internal failures (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache, config: { login: { maxFailures: 3, windowS: 60 } } });

    it('too many failed logins are TOO_MANY_REQUESTS, even with the right password, for that name and that address', async () => {
      const { forum } = s;
      await forum.ok(LOGIN, { u: 'alice', p: PASSWORD });
      for (let i = 0; i < 3; i++) expect(await forum.code(LOGIN, { u: 'alice', p: 'wrong-password' })).toBe('UNAUTHENTICATED');
      expect(await forum.code(LOGIN, { u: 'alice', p: PASSWORD })).toBe('TOO_MANY_REQUESTS');
      expect(await forum.code(LOGIN, { u: 'ALICE', p: PASSWORD })).toBe('TOO_MANY_REQUESTS');
      expect(await forum.code(LOGIN, { u: 'bob', p: PASSWORD })).toBe('TOO_MANY_REQUESTS');
    });

    it('an internal failure is INTERNAL_SERVER_ERROR with no SQL, stack or detail, and its mutation changes nothing', async () => {
      const { forum, seed } = s;
      const { db: database } = forum.app.database;
      await database.execute(sql`alter table posts rename to posts_elsewhere`);
      try {
        const results = [
          await forum.gql(`{ threads(filter: { search: "anything" }) { totalCount } }`),
          await forum.gql(CREATE_THREAD, { input: { categorySlug: 'garden', title: 'Half made', body: 'x' } }, seed.alice.token),
        ];
        for (const result of results) {
          expect(result.errors).toEqual([expect.objectContaining({
            message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' },
          })]);
          expect(JSON.stringify(result)).not.toMatch(/select|insert|posts_elsewhere|relation|stack|\.ts:|Failed query/i);
        }
      } finally {
        await database.execute(sql`alter table posts_elsewhere rename to posts`);
      }
      expect(await list(forum, { filter: { categorySlug: 'garden' } })).toMatchObject({ totalCount: 0, nodes: [] });
      expect(await slugs(forum, { filter: { search: 'half made' } })).toEqual([]);
    });
  });
}
