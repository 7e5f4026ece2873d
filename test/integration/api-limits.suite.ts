// docs/api.md's input limits: every rule of the "Limits and errors" table returns its code, at and just past each bound.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { createPost, createThread, PASSWORD } from '../support/seed.js';
import {
  CREATE_CATEGORY, CREATE_POST, CREATE_THREAD, EDIT_POST, expectCodes, LIST, list, newThread, POSTS, postJson, seededForum,
  slugs, UPDATE_CATEGORY, UPDATE_THREAD, x,
} from './api-helpers.js';

const REGISTER = `mutation($u: String!, $p: String!, $d: String) { register(username: $u, password: $p, displayName: $d) { user { username displayName } } }`;

export function defineApiLimitsSuite(db: DbKind, cache: CacheKind) {
  describe(`input limits (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });
    const { bad } = expectCodes(s);
    let thread: { id: string; slug: string; firstPostId: string };
    let reply: string;
    beforeAll(async () => {
      thread = await createThread(s.forum, s.seed.alice.token, { categorySlug: 'indoor', title: 'The limits thread' });
      reply = await createPost(s.forum, s.seed.alice.token, thread.slug, 'A reply by the author');
    });

    it('first must be 1 to 100, for threads and for posts', async () => {
      const { forum } = s;
      for (const first of [0, -1, 101]) {
        await bad(LIST, { first });
        await bad(POSTS, { slug: thread.slug, first });
      }
      for (const first of [1, 100]) {
        await forum.ok(LIST, { first });
        await forum.ok(POSTS, { slug: thread.slug, first });
      }
    });

    it('after must be a cursor this server issued for the same filter and sort', async () => {
      const { forum } = s;
      const other = await newThread(forum, s.seed.bob, 'indoor', 'Another thread for cursors');
      const args = { filter: { categorySlug: 'indoor' }, sort: 'NEWEST' };
      const { endCursor } = (await list(forum, { ...args, first: 1 })).pageInfo;
      expect(await slugs(forum, { ...args, first: 5, after: endCursor })).toEqual([thread.slug]);
      await bad(LIST, { ...args, sort: 'OLDEST', after: endCursor });
      await bad(LIST, { filter: { categorySlug: 'garden' }, sort: 'NEWEST', after: endCursor });
      await bad(LIST, { filter: { categorySlug: 'indoor', search: 'limits' }, sort: 'NEWEST', after: endCursor });
      await bad(LIST, { after: endCursor });
      await bad(LIST, { ...args, after: 'not-a-cursor' });
      await bad(LIST, { ...args, after: '' });
      const forged = JSON.parse(Buffer.from(endCursor, 'base64url').toString());
      forged.p = ['tomorrow'];
      await bad(LIST, { ...args, after: Buffer.from(JSON.stringify(forged)).toString('base64url') });
      const postCursor = (await forum.ok(POSTS, { slug: thread.slug, first: 1 })).thread.posts.pageInfo.endCursor;
      expect((await forum.ok(POSTS, { slug: thread.slug, first: 1, after: postCursor })).thread.posts.nodes)
        .toEqual([{ body: 'A reply by the author' }]);
      await bad(POSTS, { slug: other, first: 1, after: postCursor });
      await bad(POSTS, { slug: thread.slug, first: 1, after: endCursor });
      await bad(LIST, { ...args, after: postCursor });
    });

    it('search is at most 200 characters', async () => {
      await bad(LIST, { filter: { search: x(201) } });
      expect((await list(s.forum, { filter: { search: x(200) } })).totalCount).toBe(0);
    });

    it('tags hold at most 5, each 1-30 characters of a-z 0-9 - after lower-casing, as input and as a filter', async () => {
      const { forum, seed } = s;
      const input = (tags: string[]) => ({ input: { categorySlug: 'indoor', title: 'Tag limits', body: 'x', tags } });
      const badTags = [['a', 'b', 'c', 'd', 'e', 'f'], ['two words'], [x(31)], [''], ['ünicode'], ['under_score']];
      for (const tags of badTags) {
        await bad(CREATE_THREAD, input(tags), seed.alice.token);
        await bad(UPDATE_THREAD, { slug: thread.slug, input: { tags } }, seed.alice.token);
        await bad(LIST, { filter: { tags } });
      }
      const fine = ['Ok-Tag-9', x(30), 'b', 'c', 'd'];
      expect((await forum.ok(CREATE_THREAD, input(fine), seed.alice.token)).createThread.tags)
        .toEqual(['ok-tag-9', x(30), 'b', 'c', 'd']);
      expect((await list(forum, { filter: { tags: fine } })).totalCount).toBe(1);
    });

    it('a username is 3-32 characters of A-Z a-z 0-9 _ -, unique ignoring case', async () => {
      for (const u of ['ab', x(33), 'two words', 'bang!', 'ünï', 'ALICE', 'Bob']) await bad(REGISTER, { u, p: PASSWORD });
      expect((await s.forum.ok(REGISTER, { u: 'A-b', p: PASSWORD })).register.user.username).toBe('A-b');
      expect((await s.forum.ok(REGISTER, { u: `Z_${x(30)}`, p: PASSWORD })).register.user.username).toBe(`Z_${x(30)}`);
    });

    it('a password is 8-256 characters, and a displayName 1-64 characters after trimming', async () => {
      for (const p of [x(7), x(257)]) await bad(REGISTER, { u: 'pw_user', p });
      for (const d of ['', '   ', x(65)]) await bad(REGISTER, { u: 'dn_user', p: PASSWORD, d });
      expect((await s.forum.ok(REGISTER, { u: 'short_pw', p: x(8), d: `  ${x(64)}  ` })).register.user)
        .toEqual({ username: 'short_pw', displayName: x(64) });
      await s.forum.ok(REGISTER, { u: 'long_pw', p: x(256), d: 'L' });
    });

    it('a title is 3-200 characters after trimming', async () => {
      const { forum, seed } = s;
      for (const title of ['ab', '   ab   ', x(201)]) {
        await bad(CREATE_THREAD, { input: { categorySlug: 'indoor', title, body: 'x' } }, seed.alice.token);
        await bad(UPDATE_THREAD, { slug: thread.slug, input: { title } }, seed.alice.token);
      }
      const made = await forum.ok(CREATE_THREAD, { input: { categorySlug: 'indoor', title: '  abc  ', body: 'x' } }, seed.alice.token);
      expect(made.createThread.title).toBe('abc');
      await forum.ok(UPDATE_THREAD, { slug: made.createThread.slug, input: { title: x(200) } }, seed.alice.token);
    });

    it('a body is 1-20,000 characters after trimming', async () => {
      const { forum, seed } = s;
      for (const body of ['', ' \n\t ', x(20_001)]) {
        await bad(CREATE_THREAD, { input: { categorySlug: 'indoor', title: 'Body limits', body } }, seed.alice.token);
        await bad(CREATE_POST, { slug: thread.slug, body }, seed.alice.token);
        await bad(EDIT_POST, { id: reply, body }, seed.alice.token);
      }
      expect((await forum.ok(CREATE_POST, { slug: thread.slug, body: ` ${x(20_000)} ` }, seed.bob.token)).createPost.body).toBe(x(20_000));
    });

    it('a category slug is 1-64 characters of a-z 0-9 -, unique', async () => {
      const { forum, seed } = s;
      for (const slug of ['', 'Capital', 'two words', 'under_score', x(65), 'garden']) {
        await bad(CREATE_CATEGORY, { input: { slug, name: 'Name' } }, seed.admin.token);
      }
      expect((await forum.ok(CREATE_CATEGORY, { input: { slug: `a-${x(62)}`, name: 'Long slug' } }, seed.admin.token))
        .createCategory.slug).toBe(`a-${x(62)}`);
    });

    it('a category name is 1-100 characters, its description at most 1,000 and its icon at most 64', async () => {
      const { forum, seed } = s;
      const invalid = [{ name: '' }, { name: '   ' }, { name: x(101) }, { description: x(1001) }, { icon: x(65) }];
      for (const [i, fields] of invalid.entries()) {
        await bad(CREATE_CATEGORY, { input: { slug: `limit-${i}`, name: 'Name', ...fields } }, seed.admin.token);
        await bad(UPDATE_CATEGORY, { slug: 'indoor', input: fields }, seed.admin.token);
      }
      const longest = { name: x(100), description: x(1000), icon: x(64) };
      expect((await forum.ok(CREATE_CATEGORY, { input: { slug: 'limit-ok', ...longest } }, seed.admin.token)).createCategory)
        .toMatchObject(longest);
      await forum.ok(UPDATE_CATEGORY, { slug: 'limit-ok', input: { name: 'y', description: '', icon: x(64) } }, seed.admin.token);
    });

    it('a query deeper than 10 nested fields fails validation, also through fragments; introspection is exempt', async () => {
      const { forum } = s;
      const ten = `{ threads { nodes { posts { nodes { thread { category { parent { parent { children { slug } } } } } } } } } }`;
      const eleven = `{ threads { nodes { posts { nodes { thread { category { parent { parent { children { parent { slug } } } } } } } } } } }`;
      const viaFragment = `{ threads { ...T } } fragment T on ThreadConnection {
        nodes { posts { nodes { thread { category { parent { parent { children { parent { slug } } } } } } } } } }`;
      await forum.ok(ten);
      for (const query of [eleven, viaFragment]) {
        const result = await forum.gql(query);
        expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(result.data).toBeUndefined();
      }
      const introspection = await forum.ok(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType {
        ofType { ofType { ofType { name } } } } } } } } } } } }`);
      expect(introspection.__schema.types.length).toBeGreaterThan(10);
    });

    it('a request body over 1 MiB is refused with HTTP 413', async () => {
      const padded = (size: number) => JSON.stringify({ query: '{ categories { slug } }', extensions: { pad: x(size) } });
      const large = await postJson(s.forum, padded(1024 * 1024));
      expect(large.status).toBe(413);
      // Without a Content-Length: counted while reading.
      const encode = (text: string) => new TextEncoder().encode(text);
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encode('{"query": "{ categories { slug } }", "extensions": { "pad": "'));
          for (let i = 0; i < 17; i++) controller.enqueue(encode(x(64 * 1024)));
          controller.enqueue(encode('" } }'));
          controller.close();
        },
      });
      const chunked = await fetch(s.forum.url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: streamed, duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      const fits = await postJson(s.forum, padded(1024 * 1024 - 200));
      expect(fits.status).toBe(200);
      expect(fits.body.data.categories.length).toBeGreaterThan(0);
    });

    it('a malformed JSON body is refused with HTTP 400', async () => {
      const result = await postJson(s.forum, '{"query": "{ categories { slug } }"');
      expect(result.status).toBe(400);
      expect(result.body.errors[0].message).toMatch(/JSON/);
    });

    it('a method other than GET or POST is refused with HTTP 405', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const response = await fetch(s.forum.url, {
          method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ categories { slug } }' }),
        });
        expect(response.status, method).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, POST');
      }
    });
  });
}
