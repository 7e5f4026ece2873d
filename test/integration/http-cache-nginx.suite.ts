// A real HTTP cache in front of the server: nginx configured by deploy/nginx.conf. It keeps anonymous GET reads and
// revalidates every use with the server (304), shows a mutation's effect on the very next GET, and never serves a
// signed-in response to anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { nginxPath, startNginx, type Nginx } from '../support/nginx.js';
import { createThread } from '../support/seed.js';
import { seededForum } from './api-helpers.js';

const THREAD = `query($slug: String!) { thread(slug: $slug) { title posts(first: 5) { totalCount nodes { body } } } }`;

export function defineNginxSuite(db: DbKind, cache: Exclude<CacheKind, 'off'>) {
  describe.skipIf(nginxPath === null)(`nginx proxy_cache in front (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });
    let nginx: Nginx;
    beforeAll(async () => {
      nginx = await startNginx(Number(new URL(s.forum.url).port));
    });
    afterAll(() => nginx?.stop());

    /** A GET through nginx as Apollo Client sends it. */
    async function get(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const search = new URLSearchParams({ query, variables: JSON.stringify(variables) });
      const response = await fetch(`${nginx.url}/graphql?${search}`, { headers: { 'content-type': 'application/json', ...headers } });
      return { response, status: response.status, cache: response.headers.get('x-cache-status'), body: await response.text() };
    }

    it('repeated GETs are kept by nginx and revalidated with a 304 from the server, without a database statement', async () => {
      const { slug } = await createThread(s.forum, s.seed.alice.token, { title: 'Through nginx' });
      const first = await get(THREAD, { slug });
      expect(first.status).toBe(200);
      expect(first.cache).toBe('MISS');
      expect(first.response.headers.get('etag')).toMatch(/^"/);
      expect(first.response.headers.get('x-accel-expires')).toBeNull(); // nginx keeps it to itself
      const statements = await s.forum.dbQueries();
      for (let i = 0; i < 3; i++) {
        const again = await get(THREAD, { slug });
        expect(again.status).toBe(200);
        expect(again.cache).toBe('REVALIDATED');
        expect(again.body).toBe(first.body);
      }
      expect(await s.forum.dbQueries()).toBe(statements);
      // A browser revalidating through nginx gets its own 304.
      const browser = await get(THREAD, { slug }, { 'if-none-match': first.response.headers.get('etag')! });
      expect(browser.status).toBe(304);
    });

    it('a mutation shows on the very next GET through nginx', async () => {
      const { slug } = await createThread(s.forum, s.seed.alice.token, { title: 'Before the rename' });
      await get(THREAD, { slug });
      expect((await get(THREAD, { slug })).cache).toBe('REVALIDATED');
      for (const title of ['After the rename', 'And once more']) {
        await s.forum.ok(`mutation($s: String!, $t: String!) { updateThread(slug: $s, input: { title: $t }) { id } }`,
          { s: slug, t: title }, s.seed.alice.token);
        const next = await get(THREAD, { slug });
        expect(next.cache).toBe('EXPIRED');
        expect(JSON.parse(next.body).data.thread.title).toBe(title);
      }
      await s.forum.ok(`mutation($i: CreatePostInput!) { createPost(input: $i) { id } }`, { i: { threadSlug: slug, body: 'Seen at once' } }, s.seed.bob.token);
      expect(JSON.parse((await get(THREAD, { slug })).body).data.thread.posts.nodes.map((p: any) => p.body)).toContain('Seen at once');
    });

    it('a signed-in response is never served to another client, in either order', async () => {
      const query = '{ viewer { username } categories { slug } }';
      const anonymous = await get(query);
      expect(JSON.parse(anonymous.body).data.viewer).toBeNull();
      const alice = await get(query, {}, { authorization: `Bearer ${s.seed.alice.token}` });
      expect(alice.cache).toBe('BYPASS');
      expect(alice.response.headers.get('cache-control')).toBe('private, no-store');
      expect(JSON.parse(alice.body).data.viewer.username).toBe('alice');
      const bob = await get(query, {}, { authorization: `Bearer ${s.seed.bob.token}` });
      expect(JSON.parse(bob.body).data.viewer.username).toBe('bob');
      const again = await get(query);
      expect(JSON.parse(again.body).data.viewer).toBeNull();

      // Signed in first: nothing is stored for the anonymous request that follows.
      const other = '{ viewer { username } category(slug: "indoor") { name } }';
      expect(JSON.parse((await get(other, {}, { authorization: `Bearer ${s.seed.bob.token}` })).body).data.viewer.username).toBe('bob');
      const after = await get(other);
      expect(after.cache).toBe('MISS');
      expect(JSON.parse(after.body).data.viewer).toBeNull();
    });

    it('errors are not kept by nginx', async () => {
      const first = await get('{ threads(first: -1) { totalCount } }');
      expect(first.response.headers.get('cache-control')).toBe('no-store');
      expect((await get('{ threads(first: -1) { totalCount } }')).cache).toBe('MISS');
    });
  });
}
