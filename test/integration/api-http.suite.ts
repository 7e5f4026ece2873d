// The HTTP surface (Sandbox page, GET queries with CSRF prevention, health, metrics) and the number of SQL
// statements a page costs, which must not grow with the page's size.
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind, TestForum } from '../support/forum.js';
import { createPost, createThread, type Account } from '../support/seed.js';
import { newCategory, newThread, seededForum } from './api-helpers.js';

const base = (forum: TestForum) => forum.url.replace(/\/graphql$/, '');

export function defineApiHttpSuite(db: DbKind, cache: CacheKind) {
  describe(`HTTP endpoints (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('GET /graphql from a browser serves the Apollo Sandbox page', async () => {
      const response = await fetch(s.forum.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toMatch(/^\s*<!DOCTYPE html>/i);
      expect(html).toContain('embeddable-sandbox');
    });

    it('GET /graphql?query=… answers a query sent with apollo-require-preflight', async () => {
      const response = await fetch(`${s.forum.url}?query=${encodeURIComponent('{categories{slug}}')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(response.status).toBe(200);
      const body = await response.json() as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.categories.map((c: any) => c.slug)).toEqual(['garden', 'indoor']);
    });

    it('GET /graphql?query=… without a preflight header or content-type is refused by CSRF prevention', async () => {
      const response = await fetch(`${s.forum.url}?query=${encodeURIComponent('{categories{slug}}')}`);
      expect(response.status).toBe(400);
      const body = await response.json() as any;
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    });

    it('a mutation sent with GET is refused and changes nothing', async () => {
      const { forum, seed } = s;
      const query = `mutation { createCategory(input: { slug: "by-get", name: "By GET" }) { slug } }`;
      const response = await fetch(`${forum.url}?query=${encodeURIComponent(query)}`, {
        headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${seed.admin.token}` },
      });
      expect(response.status).toBe(405);
      expect((await forum.ok(`{ category(slug: "by-get") { slug } }`)).category).toBeNull();
    });

    it('/healthz reports the database and the cache as ok', async () => {
      const response = await fetch(`${base(s.forum)}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', db: 'ok', cache: 'ok' });
    });

    it('/metrics exposes cache requests, database statements and request durations in Prometheus text', async () => {
      await s.forum.ok(`{ categories { slug } }`, {}, s.seed.alice.token);
      const response = await fetch(`${base(s.forum)}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain('# TYPE forum_cache_requests_total counter');
      expect(text).toMatch(/^forum_cache_requests_total\{(?=[^}]*kind="category")(?=[^}]*result="(hit|miss)")[^}]*\} [1-9]\d*$/m);
      expect(text).toContain('# TYPE forum_db_queries_total counter');
      expect(text).toMatch(/^forum_db_queries_total [1-9]\d*$/m);
      expect(text).toContain('# TYPE forum_graphql_request_duration_seconds histogram');
      expect(text).toMatch(/^forum_graphql_request_duration_seconds_count\{operation="query"\} [1-9]\d*$/m);
    });

    it('an unknown path is 404', async () => {
      expect((await fetch(`${base(s.forum)}/nowhere`)).status).toBe(404);
    });

    it('every answer carries CORS headers and every error a code, also those refused before GraphQL', async () => {
      const url = s.forum.url;
      const json = { 'content-type': 'application/json' };
      const cases: [string, Promise<Response>, number, string | null][] = [
        ['a query', fetch(url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ categories { slug } }' }) }), 200, null],
        ['PUT', fetch(url, { method: 'PUT', headers: json, body: '{}' }), 405, 'METHOD_NOT_ALLOWED'],
        ['a body over 1 MiB', fetch(url, { method: 'POST', headers: json, body: 'x'.repeat(1024 * 1024 + 1) }), 413, 'PAYLOAD_TOO_LARGE'],
        ['bad JSON', fetch(url, { method: 'POST', headers: json, body: '{"query":' }), 400, 'BAD_REQUEST'],
        ['a batch', fetch(url, { method: 'POST', headers: json, body: '[{"query":"{ __typename }"},{"query":"{ __typename }"}]' }), 400, 'BAD_REQUEST'],
        ['a malformed Authorization', fetch(url, { method: 'POST', headers: { ...json, authorization: 'Basic x' }, body: '{"query":"{ __typename }"}' }), 401, 'UNAUTHENTICATED'],
        ['an unknown path', fetch(`${base(s.forum)}/nowhere`), 404, 'NOT_FOUND'],
        ['/healthz', fetch(`${base(s.forum)}/healthz`), 200, null],
        ['/metrics', fetch(`${base(s.forum)}/metrics`), 200, null],
        ['/explorer', fetch(`${base(s.forum)}/explorer`), 200, null],
        ['POST /explorer', fetch(`${base(s.forum)}/explorer`, { method: 'POST' }), 405, 'METHOD_NOT_ALLOWED'],
        ['an unknown explorer asset', fetch(`${base(s.forum)}/explorer/assets/nothing.js`), 404, 'NOT_FOUND'],
      ];
      for (const [what, request, status, code] of cases) {
        const response = await request;
        expect(response.status, what).toBe(status);
        expect(response.headers.get('access-control-allow-origin'), what).toBe('*');
        expect(response.headers.get('access-control-allow-headers'), what).toContain('authorization');
        const text = await response.text();
        if (code !== null) expect(JSON.parse(text).errors[0].extensions.code, what).toBe(code);
      }
    });

    it('a CORS preflight from another origin is answered 204 with the methods and headers it may use', async () => {
      const response = await fetch(s.forum.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://forum.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    });

    it('the Sandbox page falls back by itself to this server\'s explorer when its CDN cannot be loaded', async () => {
      const html = await (await fetch(s.forum.url, { headers: { accept: 'text/html' } })).text();
      const nonce = /<script nonce="([^"]+)" src="https:\/\/embeddable-sandbox/.exec(html)?.[1];
      expect(nonce).toBeDefined();
      // Checked right after Sandbox's script tag, and by a timer set before it for a CDN that never answers.
      expect(html).toMatch(/<script nonce="[^"]+" src="https:\/\/embeddable-sandbox[^"]+"><\/script>\n<script nonce="[^"]+">if \(window\.EmbeddedSandbox\)/);
      expect(html).toContain(`<script nonce="${nonce}">window.__forumSandboxTimer = setTimeout(`);
      expect(html).toContain('window.location.replace("explorer")');
      expect(html).not.toContain('it appears that you might be offline');
    });

    it('/explorer serves GraphiQL from this server alone, behind a policy that allows nothing else', async () => {
      const response = await fetch(`${base(s.forum)}/explorer`);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
      const html = await response.text();
      expect(html).toContain('Forum server: GraphQL explorer');
      const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(urls.filter((u) => /^(https?:)?\/\//.test(u))).toEqual([]); // nothing from elsewhere
      for (const asset of urls.filter((u) => u.startsWith('explorer/assets/'))) {
        const file = await fetch(`${base(s.forum)}/${asset}`, { headers: { 'accept-encoding': 'gzip' } });
        expect(file.status, asset).toBe(200);
        expect((await file.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
      }
    });
  });

  describe(`SQL statements per request with the cache off (${db})`, () => {
    const s = seededForum({ db, cache: 'off' });

    /** Statements sent for one request, measured on its second run (the first may publish view totals). */
    async function statements(query: string, variables: Record<string, unknown>, token: string): Promise<number> {
      await s.forum.ok(query, variables, token);
      const before = await s.forum.dbQueries();
      await s.forum.ok(query, variables, token);
      return (await s.forum.dbQueries()) - before;
    }

    it('a thread page costs as many statements with 40 posts as with 5', async () => {
      const { forum, seed } = s;
      const authors: Account[] = [seed.alice, seed.bob, seed.moderator, seed.admin];
      const threadWith = async (posts: number) => {
        const t = await createThread(forum, seed.alice.token, { categorySlug: 'vegetables', title: `A thread of ${posts} posts` });
        for (let i = 1; i < posts; i++) {
          const id = await createPost(forum, authors[i % authors.length]!.token, t.slug, `Reply ${i}`);
          if (i % 3 === 0) {
            await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: HELPFUL) { id } }`, { id }, seed.bob.token);
          }
        }
        return t.slug;
      };
      const [small, large] = [await threadWith(5), await threadWith(40)];
      const query = `query($slug: String!) {
        thread(slug: $slug) {
          title excerpt tags postCount viewCount reactionCounts { like helpful love }
          author { username role } category { name parent { slug } children { slug } }
          posts(first: 50) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { body createdAt editedAt author { username displayName } reactionCounts { helpful } viewerReactions thread { slug } }
          }
        }
      }`;
      const few = await statements(query, { slug: small }, seed.bob.token);
      const many = await statements(query, { slug: large }, seed.bob.token);
      expect((await forum.ok(query, { slug: large }, seed.bob.token)).thread.posts.nodes).toHaveLength(40);
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
    });

    it('a thread list costs as many statements with 30 threads as with 3', async () => {
      const { forum, seed } = s;
      const authors: Account[] = [seed.alice, seed.bob, seed.moderator];
      await newCategory(forum, seed.admin, 'few', { parentSlug: 'garden' });
      await newCategory(forum, seed.admin, 'many', { parentSlug: 'garden' });
      for (const [category, n] of [['few', 3], ['many', 30]] as const) {
        for (let i = 0; i < n; i++) {
          const slug = await newThread(forum, authors[i % authors.length]!, category, `Listed thread ${i}`, { tags: [`tag${i % 4}`] });
          if (i % 2 === 0) await createPost(forum, seed.bob.token, slug, 'A reply');
        }
      }
      const query = `query($category: String!) {
        threads(filter: { categorySlug: $category }, first: 50) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { slug } }
          nodes {
            slug title excerpt tags isPinned isLocked postCount viewCount lastActivityAt
            reactionCounts { like } author { username role } category { slug name parent { slug } }
          }
        }
      }`;
      const few = await statements(query, { category: 'few' }, seed.alice.token);
      const many = await statements(query, { category: 'many' }, seed.alice.token);
      expect((await forum.ok(query, { category: 'many' }, seed.alice.token)).threads.nodes).toHaveLength(30);
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
    });
  });
}
