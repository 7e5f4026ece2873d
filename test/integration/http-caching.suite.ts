// HTTP caching as a browser or a CDN sees it: public anonymous reads with a strong ETag that changes with every kind
// of mutation, 304 after one stamp check, GET with automatic persisted queries, and nothing shared or stored for
// signed-in users, mutations or errors.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { createThread } from '../support/seed.js';
import { seededForum } from './api-helpers.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
/** A thread page without viewCount (which a stored response may show differently from second to second). */
const THREAD_PAGE = `query($slug: String!) { thread(slug: $slug) { title isLocked reactionCounts { like }
  author { username role } category { name } posts(first: 10) { totalCount nodes { id body reactionCounts { like } } } } }`;

export const post = (forum: TestForum, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  fetch(forum.url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ query, variables }) });

/** A GET as Apollo Client sends one (JSON content type, which passes CSRF prevention). */
export function get(forum: TestForum, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return fetch(`${forum.url}?${search}`, { headers: { ...JSON_HEADERS, ...headers } });
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const apq = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

async function etagOf(forum: TestForum, query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await post(forum, query, variables);
  const body = await response.json() as any;
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const etag = response.headers.get('etag');
  expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  return etag!;
}

/**
 * Reads until the response is stored: a category's counts come from its list index, and until the build the first
 * read started is done they are counted in the database, and that response is not stored (no ETag).
 */
async function untilStored(forum: TestForum, query: string, variables: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const response = await post(forum, query, variables);
    await response.text();
    if (response.headers.get('etag') !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ETag before and after a mutation: the old one must no longer match (200, not 304). */
async function expectEtagMoves(forum: TestForum, query: string, variables: Record<string, unknown>, mutate: () => Promise<unknown>) {
  await untilStored(forum, query, variables);
  const before = await etagOf(forum, query, variables);
  expect(await etagOf(forum, query, variables)).toBe(before); // a hit: unchanged while nothing changed
  expect((await post(forum, query, variables, { 'if-none-match': before })).status).toBe(304);
  await mutate();
  const stale = await post(forum, query, variables, { 'if-none-match': before });
  expect(stale.status).toBe(200);
  expect(stale.headers.get('etag')).not.toBe(before);
  await stale.text();
}

export function defineHttpCachingSuite(db: DbKind, cache: Exclude<CacheKind, 'off'>) {
  describe(`HTTP caching (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('an anonymous read is public with a strong ETag, revalidated on every use, and varies by Authorization', async () => {
      const response = await post(s.forum, '{ categories { slug } }');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(response.headers.get('vary')).toMatch(/authorization/i);
      expect(response.headers.get('vary')).toMatch(/accept/i);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      await response.text();
    });

    it('a matching If-None-Match is answered 304 with no body, from the fast path and after a rebuild alike', async () => {
      const { slug } = await createThread(s.forum, s.seed.alice.token, { title: 'Revalidated thread' });
      const first = await post(s.forum, THREAD_PAGE, { slug });
      const etag = first.headers.get('etag')!;
      await first.text();
      for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
        const again = await post(s.forum, THREAD_PAGE, { slug }, { 'if-none-match': ifNoneMatch });
        expect(again.status, ifNoneMatch).toBe(304);
        expect(await again.text()).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
        expect(again.headers.get('vary')).toMatch(/authorization/i);
      }
      // A hit answers 304 without a database statement.
      const statements = await s.forum.dbQueries();
      expect((await post(s.forum, THREAD_PAGE, { slug }, { 'if-none-match': etag })).status).toBe(304);
      expect(await s.forum.dbQueries()).toBe(statements);
    });

    it('a junk or different If-None-Match gets the whole response', async () => {
      for (const junk of ['"x"', 'W/', '', ',,,', '"', 'x'.repeat(8000), '*x', '""']) {
        const response = await post(s.forum, '{ categories { slug } }', {}, { 'if-none-match': junk });
        expect(response.status, junk.slice(0, 10)).toBe(200);
        expect((await response.json() as any).data.categories).toBeDefined();
      }
    });

    it('the ETag moves with a thread mutation (updateThread)', async () => {
      const { slug } = await createThread(s.forum, s.seed.alice.token, { title: 'Etag thread family' });
      await expectEtagMoves(s.forum, THREAD_PAGE, { slug }, () => s.forum.ok(
        `mutation($s: String!) { updateThread(slug: $s, input: { title: "Renamed for the etag" }) { id } }`, { s: slug }, s.seed.alice.token));
    });

    it('the ETag moves with a post mutation (createPost)', async () => {
      const { slug } = await createThread(s.forum, s.seed.alice.token, { title: 'Etag post family' });
      await expectEtagMoves(s.forum, THREAD_PAGE, { slug }, () => s.forum.ok(
        `mutation($i: CreatePostInput!) { createPost(input: $i) { id } }`, { i: { threadSlug: slug, body: 'A reply' } }, s.seed.bob.token));
    });

    it('the ETag moves with a reaction (toggleReaction)', async () => {
      const { slug, firstPostId } = await createThread(s.forum, s.seed.alice.token, { title: 'Etag reaction family' });
      await expectEtagMoves(s.forum, THREAD_PAGE, { slug }, () => s.forum.ok(
        `mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: firstPostId }, s.seed.bob.token));
    });

    it('the ETag moves with a category mutation (updateCategory)', async () => {
      await expectEtagMoves(s.forum, `{ category(slug: "indoor") { name threadCount } categories { slug name } }`, {},
        () => s.forum.ok(`mutation { updateCategory(slug: "indoor", input: { name: "Indoors" }) { slug } }`, {}, s.seed.admin.token));
    });

    it('the ETag moves with a role change (setUserRole bumps the epoch)', async () => {
      const { slug } = await createThread(s.forum, s.seed.bob.token, { title: 'Etag role family' });
      await expectEtagMoves(s.forum, THREAD_PAGE, { slug }, () => s.forum.ok(
        `mutation { setUserRole(username: "bob", role: MODERATOR) { role } }`, {}, s.seed.admin.token));
    });

    it('a signed-in read is private and never stored, without an ETag', async () => {
      const response = await post(s.forum, '{ categories { slug } viewer { username } }', {}, { authorization: `Bearer ${s.seed.alice.token}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('etag')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/authorization/i);
      expect((await response.json() as any).data.viewer.username).toBe('alice');
    });

    it('mutations, errors and refusals are no-store, without an ETag', async () => {
      const cases: [string, Promise<Response>][] = [
        ['a mutation', post(s.forum, `mutation { login(username: "nobody", password: "wrong-password") { token } }`)],
        ['a signed-in mutation', post(s.forum, `mutation { updateCategory(slug: "indoor", input: { icon: "🪴" }) { slug } }`, {}, { authorization: `Bearer ${s.seed.admin.token}` })],
        ['a validation error', post(s.forum, '{ nothing }')],
        ['a BAD_USER_INPUT read', post(s.forum, '{ threads(first: -1) { totalCount } }')],
        ['bad JSON', fetch(s.forum.url, { method: 'POST', headers: JSON_HEADERS, body: '{' })],
        ['a 405', fetch(s.forum.url, { method: 'PUT' })],
      ];
      for (const [what, request] of cases) {
        const response = await request;
        expect(response.headers.get('cache-control'), what).toMatch(/no-store/);
        expect(response.headers.get('etag'), what).toBeNull();
        await response.text();
      }
    });

    it('an automatic persisted query over GET: unknown hash, registration, then hash-only GETs served with an ETag and 304', async () => {
      const query = `query Categories { categories { slug name } }`;
      const unknown = await get(s.forum, { operationName: 'Categories', extensions: apq(query) });
      expect(unknown.status).toBe(200);
      expect(unknown.headers.get('cache-control')).toMatch(/no-store/);
      expect(unknown.headers.get('etag')).toBeNull();
      expect((await unknown.json() as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      const registered = await get(s.forum, { query, operationName: 'Categories', extensions: apq(query) });
      expect((await registered.json() as any).data.categories.length).toBeGreaterThan(0);

      const hashOnly = await get(s.forum, { operationName: 'Categories', extensions: apq(query) });
      expect(hashOnly.status).toBe(200);
      const etag = hashOnly.headers.get('etag');
      expect(etag).toMatch(/^"/);
      expect(hashOnly.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      const data = (await hashOnly.json() as any).data;

      // Served from the fast path: the same bytes without a statement, and 304 for the ETag.
      const statements = await s.forum.dbQueries();
      const again = await get(s.forum, { operationName: 'Categories', extensions: apq(query) });
      expect((await again.json() as any).data).toEqual(data);
      expect(again.headers.get('etag')).toBe(etag);
      const revalidated = await get(s.forum, { operationName: 'Categories', extensions: apq(query) }, { 'if-none-match': etag! });
      expect(revalidated.status).toBe(304);
      expect(await s.forum.dbQueries()).toBe(statements);
    });

    it('a persisted query whose hash does not match its document is refused with a code, never stored', async () => {
      const response = await get(s.forum, { query: '{ categories { slug } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('other') } } });
      expect(response.status).toBe(400);
      expect(response.headers.get('etag')).toBeNull();
      expect((await response.json() as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    if (cache === 'redis') {
      it('two processes give one response the same ETag, and a mutation on one moves it on the other', async () => {
        const other = await startForum({ db, cache, shareWith: s.forum });
        try {
          const { slug } = await createThread(s.forum, s.seed.alice.token, { title: 'Etag across processes' });
          const here = await etagOf(s.forum, THREAD_PAGE, { slug });
          expect(await etagOf(other, THREAD_PAGE, { slug })).toBe(here);
          expect((await post(other, THREAD_PAGE, { slug }, { 'if-none-match': here })).status).toBe(304);
          await s.forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Renamed elsewhere" }) { id } }`, { s: slug }, s.seed.alice.token);
          const moved = await post(other, THREAD_PAGE, { slug }, { 'if-none-match': here });
          expect(moved.status).toBe(200);
          expect((await moved.json() as any).data.thread.title).toBe('Renamed elsewhere');
        } finally {
          await other.close();
        }
      });
    }
  });

  describe(`HTTP caching with the cache off (${db})`, () => {
    const s = seededForum({ db, cache: 'off' });

    it('reads not eligible for the fast path get no ETag and are no-store', async () => {
      const response = await post(s.forum, '{ categories { slug } }');
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
      await response.text();
    });
  });
}
