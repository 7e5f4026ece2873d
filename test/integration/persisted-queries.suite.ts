// Persisted queries as a client sees them under each PERSISTED_QUERIES mode: automatic registration (`on`), shared by
// every process on one Redis, bounded and expiring, and never an internal error when Redis is gone; trusted documents
// (`only`), where nothing but the manifest's operations runs and those are served by the fast path; and `off`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/cache/keys.js';
import type { PersistedQueriesConfig } from '../../src/config.js';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { connect } from '../support/live-client.js';
import { OwnRedis } from '../support/own-redis.js';
import { PASSWORD } from '../support/seed.js';
import { seededForum, sleep } from './api-helpers.js';
import { apq, get, post, sha256 } from './http-caching.suite.js';

const CATEGORIES = 'query Categories { categories { slug name } }';
const ON: PersistedQueriesConfig = { mode: 'on', manifestPath: undefined, ttlS: 86_400, maxEntries: 10_000 };

/** A POST carrying only the hash, or the document with its hash (which registers it). */
const byHash = (forum: TestForum, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  fetch(forum.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ variables, extensions: apq(query) }) });
const withHash = (forum: TestForum, query: string, variables: Record<string, unknown> = {}) =>
  fetch(forum.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables, extensions: apq(query) }) });

async function codeOf(response: Response): Promise<string | undefined> {
  const body = await response.json() as any;
  return body.errors?.[0]?.extensions?.code;
}

/** Distinct valid documents: each a registration of its own. */
const nth = (i: number) => `query Nth${i} { categories { slug } }`;

export function definePersistedQueriesSuite(db: DbKind, cache: Exclude<CacheKind, 'off'>) {
  describe(`persisted queries, on (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('refuses a hash that is not a SHA-256 in hexadecimal with BAD_REQUEST, by GET and POST, with or without text', async () => {
      for (const hash of ['x', 'f'.repeat(63), 'f'.repeat(65), 'F'.repeat(64), `${'0'.repeat(63)}g`, 12, {}, null, 'f'.repeat(10_000)]) {
        const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
        for (const response of [
          await get(s.forum, { extensions }),
          await fetch(s.forum.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extensions }) }),
          await fetch(s.forum.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CATEGORIES, extensions }) }),
        ]) {
          expect(response.status, JSON.stringify(hash).slice(0, 20)).toBe(400);
          expect(response.headers.get('cache-control')).toBe('no-store');
          expect(await codeOf(response)).toBe('BAD_REQUEST');
        }
      }
    });

    it('runs a document over 32 KiB sent with its hash, but does not register it', async () => {
      const big = `query Big { categories { slug } } # ${'x'.repeat(33 * 1024)}`;
      const ran = await withHash(s.forum, big);
      expect(ran.status).toBe(200);
      expect((await ran.json() as any).data.categories.length).toBeGreaterThan(0);
      expect(await codeOf(await byHash(s.forum, big))).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('registers a document sent with its hash, and then runs it by hash alone', async () => {
      const query = nth(100);
      expect(await codeOf(await byHash(s.forum, query))).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await withHash(s.forum, query)).status).toBe(200);
      const known = await byHash(s.forum, query);
      expect((await known.json() as any).data.categories.length).toBeGreaterThan(0);
    });

    if (cache === 'redis') {
      it('shares registrations across processes: registered on one, run by hash on another, kept in Redis with a TTL', async () => {
        const other = await startForum({ db, cache, shareWith: s.forum });
        const redis = new Redis(s.forum.redisUrl!);
        try {
          const query = `query AcrossProcesses($slug: String!) { category(slug: $slug) { name } }`;
          expect(await codeOf(await byHash(other, query, { slug: 'garden' }))).toBe('PERSISTED_QUERY_NOT_FOUND');
          expect((await withHash(s.forum, query, { slug: 'garden' })).status).toBe(200);
          const there = await get(other, { extensions: apq(query), variables: { slug: 'garden' } });
          expect(there.status).toBe(200);
          expect((await there.json() as any).data.category.name).toBe('Garden');
          const ttl = await redis.ttl(keys.persistedQuery(sha256(query)));
          expect(ttl).toBeGreaterThan(86_000);
          expect(ttl).toBeLessThanOrEqual(86_400);
          expect(await redis.zscore(keys.persistedQueryIndex(), sha256(query))).not.toBeNull();
        } finally {
          redis.disconnect();
          await other.close();
        }
      });
    }
  });

  describe(`persisted queries, bounded and expiring (${db} + ${cache})`, () => {
    const small = seededForum({ db, cache, config: { persistedQueries: { ...ON, maxEntries: 3 } } });
    const brief = seededForum({ db, cache, config: { persistedQueries: { ...ON, ttlS: 1 } } });

    it('keeps at most PERSISTED_QUERIES_MAX_ENTRIES registrations: the oldest go first', async () => {
      for (let i = 0; i < 5; i++) {
        expect((await withHash(small.forum, nth(i))).status).toBe(200);
        await sleep(5); // distinct registration times
      }
      expect(await codeOf(await byHash(small.forum, nth(0)))).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await codeOf(await byHash(small.forum, nth(1)))).toBe('PERSISTED_QUERY_NOT_FOUND');
      for (const i of [2, 3, 4]) expect((await (await byHash(small.forum, nth(i))).json() as any).data).toBeDefined();
      if (cache === 'redis') {
        const redis = new Redis(small.forum.redisUrl!);
        try {
          expect(await redis.zcard(keys.persistedQueryIndex())).toBe(3);
          const [, documents] = await redis.scan('0', 'MATCH', keys.persistedQuery('*'), 'COUNT', 10_000);
          expect(documents.sort()).toEqual([2, 3, 4].map((i) => keys.persistedQuery(sha256(nth(i)))).sort());
          expect(await redis.ttl(keys.persistedQueryIndex())).toBeGreaterThan(0);
        } finally {
          redis.disconnect();
        }
      }
    });

    it('forgets a registration PERSISTED_QUERIES_TTL_S after it was made', async () => {
      const query = 'query Brief($slug: String!) { category(slug: $slug) { slug } }';
      expect((await withHash(brief.forum, query, { slug: 'garden' })).status).toBe(200);
      expect((await (await byHash(brief.forum, query, { slug: 'garden' })).json() as any).data.category.slug).toBe('garden');
      await sleep(1600);
      // Other variables: a request the response fast path has not stored (it would answer that one, correctly).
      expect(await codeOf(await byHash(brief.forum, query, { slug: 'indoor' }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });

  if (cache === 'redis') {
    describe(`persisted queries when Redis is gone (${db} + ${cache})`, () => {
      let redis: OwnRedis;
      let a: TestForum;
      let b: TestForum;
      beforeAll(async () => {
        redis = await OwnRedis.start();
        a = await startForum({ db, cache, redisUrl: redis.url, cachePollMs: 100 });
        b = await startForum({ db, cache, shareWith: a, cachePollMs: 100 });
      });
      afterAll(async () => {
        await b?.close();
        await a?.close();
        await redis?.kill();
      });

      it('answers PERSISTED_QUERY_NOT_FOUND, never an internal error, and runs the document the client sends again', async () => {
        const shared = nth(300);
        expect((await withHash(a, shared)).status).toBe(200); // in Redis, and in a's own copies
        await redis.kill();
        const fresh = nth(301);
        expect((await withHash(a, fresh)).status).toBe(200); // registered in a's own copies only
        for (const query of [shared, fresh]) {
          const here = await byHash(a, query);
          expect(here.status).toBe(200);
          expect((await here.json() as any).data.categories).toBeDefined();
          const there = await byHash(b, query);
          expect(there.status).toBe(200);
          expect(await codeOf(there)).toBe('PERSISTED_QUERY_NOT_FOUND');
          // What Apollo Client's link does next: the document with its hash.
          const again = await withHash(b, query);
          expect(again.status).toBe(200);
          expect((await again.json() as any).data.categories).toBeDefined();
          expect((await byHash(b, query)).status).toBe(200);
        }
      });
    });
  }

  describe(`persisted queries, off (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache, config: { persistedQueries: { ...ON, mode: 'off' } } });

    it('answers any persisted query PERSISTED_QUERY_NOT_SUPPORTED, and runs query text as always', async () => {
      expect(await codeOf(await get(s.forum, { extensions: apq(CATEGORIES) }))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
      expect(await codeOf(await withHash(s.forum, CATEGORIES))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
      expect(await codeOf(await byHash(s.forum, CATEGORIES))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
      const text = await post(s.forum, CATEGORIES);
      expect((await text.json() as any).data.categories.length).toBeGreaterThan(0);
    });
  });

  defineOnlySuite(db, cache);
}

// ---- PERSISTED_QUERIES=only: a manifest as Apollo's generate-persisted-query-manifest writes it ----

const LOGIN = 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const CREATE_CATEGORY = 'mutation CreateCategory($slug: String!) { createCategory(input: { slug: $slug, name: "Trusted" }) { slug } }';
const CREATE_THREAD = 'mutation CreateThread($c: String!) { createThread(input: { categorySlug: $c, title: "Trusted thread", body: "Body" }) { slug } }';
const RENAME = 'mutation Rename($s: String!, $t: String!) { updateThread(slug: $s, input: { title: $t }) { title } }';
const THREAD_PAGE = 'query ThreadPage($slug: String!) { thread(slug: $slug) { title posts(first: 10) { totalCount nodes { body } } } }';
const ACTIVITY = 'subscription Activity($slug: String!) { threadActivity(slug: $slug) { kind } }';
const MANIFEST_OPERATIONS = [
  ['Login', 'mutation', LOGIN], ['CreateCategory', 'mutation', CREATE_CATEGORY], ['CreateThread', 'mutation', CREATE_THREAD],
  ['Rename', 'mutation', RENAME], ['Categories', 'query', CATEGORIES], ['ThreadPage', 'query', THREAD_PAGE], ['Activity', 'subscription', ACTIVITY],
] as const;

export function writeManifest(dir = mkdtempSync(join(tmpdir(), 'forum-manifest-'))): string {
  const path = join(dir, 'persisted-query-manifest.json');
  writeFileSync(path, JSON.stringify({
    format: 'apollo-persisted-query-manifest', version: 1,
    operations: MANIFEST_OPERATIONS.map(([name, type, body]) => ({ id: sha256(body), name, type, body })),
  }, null, 2));
  return path;
}

function defineOnlySuite(db: DbKind, cache: Exclude<CacheKind, 'off'>) {
  describe(`persisted queries, only: trusted documents (${db} + ${cache})`, () => {
    let forum: TestForum;
    let token: string;
    beforeAll(async () => {
      forum = await startForum({ db, cache, config: { persistedQueries: { ...ON, mode: 'only', manifestPath: writeManifest() } } });
      await forum.app.services.auth.ensureAdmin('admin', PASSWORD);
      token = (await (await byHash(forum, LOGIN, { u: 'admin', p: PASSWORD })).json() as any).data.login.token;
      expect((await byHash(forum, CREATE_CATEGORY, { slug: 'trusted' }, { authorization: `Bearer ${token}` })).status).toBe(200);
    });
    afterAll(() => forum?.close());

    const auth = () => ({ authorization: `Bearer ${token}` });

    it("runs the manifest's operations by id; a query by GET is served by the fast path, with its ETag, 304s and freshness", async () => {
      const created = await byHash(forum, CREATE_THREAD, { c: 'trusted' }, auth());
      const { slug } = (await created.json() as any).data.createThread;
      const params = { operationName: 'ThreadPage', variables: { slug }, extensions: apq(THREAD_PAGE) };
      const first = await get(forum, params);
      expect(first.status).toBe(200);
      expect((await first.json() as any).data.thread.title).toBe('Trusted thread');
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');

      const statements = await forum.dbQueries();
      const hit = await get(forum, params);
      expect(hit.headers.get('etag')).toBe(etag);
      expect((await hit.json() as any).data.thread.title).toBe('Trusted thread');
      expect((await get(forum, params, { 'if-none-match': etag! })).status).toBe(304);
      expect(await forum.dbQueries()).toBe(statements);

      expect((await byHash(forum, RENAME, { s: slug, t: 'Renamed by id' }, auth())).status).toBe(200);
      const after = await get(forum, params, { 'if-none-match': etag! });
      expect(after.status).toBe(200);
      expect((await after.json() as any).data.thread.title).toBe('Renamed by id');
    });

    it("runs a manifest operation sent as its exact text, with or without its id", async () => {
      expect((await (await post(forum, CATEGORIES)).json() as any).data.categories).toContainEqual({ slug: 'trusted', name: 'Trusted' });
      expect((await (await withHash(forum, CATEGORIES)).json() as any).data.categories).toBeDefined();
    });

    it('refuses every other document and id with PERSISTED_QUERY_NOT_IN_LIST (400, never stored), signed in or not', async () => {
      const other = '{ categories { slug } }';
      const cases: [string, () => Promise<Response>][] = [
        ['text by POST', () => post(forum, other)],
        ['text by GET', () => get(forum, { query: other })],
        ['signed-in text', () => post(forum, other, {}, auth())],
        ['text with its own hash', () => withHash(forum, other)],
        ['an unknown id', () => byHash(forum, other)],
        ['an unknown id by GET', () => get(forum, { extensions: apq(other) })],
        ["a manifest operation's text, reformatted", () => post(forum, CATEGORIES.replace(' {', '  {'))],
        ['introspection', () => post(forum, '{ __schema { queryType { name } } }')],
        ['a mutation', () => post(forum, 'mutation { register(username: "sneaky", password: "sneaky-password") { token } }')],
      ];
      for (const [what, send] of cases) {
        for (let round = 0; round < 2; round++) { // the second is not served from anything the first left
          const response = await send();
          expect(response.status, what).toBe(400);
          expect(response.headers.get('cache-control'), what).toMatch(/no-store/);
          expect(response.headers.get('etag'), what).toBeNull();
          expect(await codeOf(response), what).toBe('PERSISTED_QUERY_NOT_IN_LIST');
        }
      }
      const login = await byHash(forum, LOGIN, { u: 'sneaky', p: 'sneaky-password' });
      expect(await codeOf(login)).toBe('UNAUTHENTICATED'); // the refused registration made no account
    });

    it("refuses a manifest id sent with another document's text (BAD_REQUEST), and a malformed id", async () => {
      const mismatched = await fetch(forum.url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ categories { slug } }', extensions: apq(CATEGORIES) }),
      });
      expect(mismatched.status).toBe(400);
      expect(await codeOf(mismatched)).toBe('BAD_REQUEST');
      const malformed = await get(forum, { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
      expect(malformed.status).toBe(400);
      expect(await codeOf(malformed)).toBe('BAD_REQUEST');
    });

    it("accepts over WebSocket only the manifest's subscriptions", async () => {
      const created = await byHash(forum, CREATE_THREAD, { c: 'trusted' }, auth());
      const { slug } = (await created.json() as any).data.createThread;
      const client = connect(forum);
      try {
        const refused = client.subscribe('subscription { threadActivity(slug: "x") { kind } }');
        const listed = client.subscribe(ACTIVITY, { slug });
        const deadline = Date.now() + 5000;
        while (!refused.completed && Date.now() < deadline) await sleep(10);
        expect(refused.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
        await sleep(100);
        expect(listed.completed).toBe(false);
        expect(listed.errors).toBeUndefined();
      } finally {
        await client.dispose();
      }
    });
  });
}
