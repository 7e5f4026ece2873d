// The rendering backfill: posts with no stored rendering (from before rendering existed) or one by an older renderer
// are rendered, their cached pages are invalidated as they are, a run is idempotent, an edit racing it wins, and
// a stored body past the bounds shows as text.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { storeRenderings } from '../../src/data/posts.data.js';
import { RENDER_VERSION } from '../../src/render/render.js';
import { type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { createThread, rowId, type Seeded, withSeededForum } from '../support/seed.js';

const PAGE = `query($slug: String!) {
  thread(slug: $slug) { excerpt posts { nodes { id body bodyHTML bodyText mentions { username } } } }
  search: threads(filter: { search: "backfilledword" }) { nodes { slug } }
}`;

export function defineRenderBackfillSuite(db: DbKind, cache: CacheKind) {
  describe(`the rendering backfill on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    withSeededForum({ db, cache }, (f, s) => { forum = f; seed = s; });

    const execute = (query: ReturnType<typeof sql>) => forum.app.database.db.execute(query);
    /** Makes a post look as a row from before rendering, or rendered by an older renderer, as the database holds it. */
    const makeStale = (postId: string, html: string | null, version: number | null) => execute(sql`
      update posts set body_html = ${html}, body_text = ${html === null ? null : 'old text'}, mention_ids = '{}',
      render_version = ${version} where id = ${rowId(postId)}`);
    /**
     * Re-stamps the thread after the rows were edited behind the server's back (as an operator's cache:clear would),
     * so the next reads cache what the database now holds. A reaction no longer does: it re-stamps only the counts.
     */
    const touch = (slug: string) => forum.app.cache.invalidateThread(slug);
    const hits = async () => {
      const text = await (await fetch(forum.url.replace('/graphql', '/metrics'))).text();
      return [...text.matchAll(/^forum_cache_requests_total\{[^}]*result="hit"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    };
    /** Reads twice, the second from the cache (checked), and returns it. */
    const warm = async (slug: string) => {
      await forum.ok(PAGE, { slug });
      const before = await hits();
      const data = await forum.ok(PAGE, { slug });
      expect(await hits()).toBeGreaterThan(before);
      return data;
    };

    it('renders posts stored without a rendering; their cached pages, excerpt and search show it at once', async () => {
      const body = '**Backfilledword** for @alice <i>raw</i>';
      const t = await createThread(forum, seed.alice.token, { title: 'From before rendering', body });
      await makeStale(t.firstPostId, null, null);
      await touch(t.slug);
      const before = await warm(t.slug);
      expect(before.thread.posts.nodes[0]).toMatchObject({
        body, bodyHTML: '<p>**Backfilledword** for @alice &lt;i&gt;raw&lt;/i&gt;</p>', bodyText: body, mentions: [],
      });
      expect(before.thread.excerpt).toBe(body);
      // A page that selects one rendering reads the source only for such rows, and makes the same plain rendering.
      const only = async (field: 'bodyHTML' | 'bodyText') =>
        (await forum.ok(`query($slug: String!) { thread(slug: $slug) { posts { nodes { ${field} } } } }`, { slug: t.slug }))
          .thread.posts.nodes[0][field];
      expect(await only('bodyHTML')).toBe(before.thread.posts.nodes[0].bodyHTML);
      expect(await only('bodyText')).toBe(body);

      const summary = await forum.app.services.renderBackfill.run();
      expect(summary).toMatchObject({ total: 1, rendered: 1, plain: 0, failed: 0 });

      const after = await forum.ok(PAGE, { slug: t.slug });
      expect(after.thread.posts.nodes[0]).toMatchObject({
        bodyHTML: '<p><strong>Backfilledword</strong> for <a href="/u/alice" class="mention" rel="nofollow ugc noopener">@alice</a> &lt;i&gt;raw&lt;/i&gt;</p>',
        bodyText: 'Backfilledword for @alice <i>raw</i>',
        mentions: [{ username: 'alice' }],
      });
      expect(after.thread.excerpt).toBe('Backfilledword for @alice <i>raw</i>');
      expect(await only('bodyHTML')).toBe(after.thread.posts.nodes[0].bodyHTML);
      expect(await only('bodyText')).toBe('Backfilledword for @alice <i>raw</i>');
      expect(after.search.nodes.map((n: { slug: string }) => n.slug)).toContain(t.slug);
    });

    it('re-renders posts rendered by an older renderer (a sanitizer fix reaches stored posts), once', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Old renderer', body: 'Now _fixed_' });
      await makeStale(t.firstPostId, '<p>made by an old renderer</p>', RENDER_VERSION - 1);
      await touch(t.slug);
      expect((await warm(t.slug)).thread.posts.nodes[0].bodyHTML).toBe('<p>made by an old renderer</p>');

      expect(await forum.app.services.renderBackfill.run()).toMatchObject({ total: 1, rendered: 1 });
      expect((await forum.ok(PAGE, { slug: t.slug })).thread.posts.nodes[0].bodyHTML).toBe('<p>Now <em>fixed</em></p>');
      // Idempotent: nothing is left for a second run.
      expect(await forum.app.services.renderBackfill.run()).toMatchObject({ total: 0, rendered: 0 });
    });

    it('a stored body past the rendering bounds is kept as escaped text and not retried', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Stored bomb' });
      const bomb = `${'> '.repeat(60)}deep <b>`;
      await execute(sql`update posts set body = ${bomb}, body_html = null, body_text = null, render_version = null
        where id = ${rowId(t.firstPostId)}`);
      await touch(t.slug);
      expect(await forum.app.services.renderBackfill.run()).toMatchObject({ total: 1, rendered: 0, plain: 1 });
      const post = (await forum.ok(PAGE, { slug: t.slug })).thread.posts.nodes[0];
      expect(post.bodyHTML).toBe(`<p>${'&gt; '.repeat(60).trim()} deep &lt;b&gt;</p>`);
      expect(await forum.app.services.renderBackfill.run()).toMatchObject({ total: 0 });
    });

    it('never overwrites a post edited after the backfill read it', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Edit races the backfill', body: 'first words' });
      await makeStale(t.firstPostId, null, null);
      // The backfill rendered "first words"; meanwhile the author edits the post.
      await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "edited *words*") { id } }`, { id: t.firstPostId }, seed.alice.token);
      const written = await storeRenderings(forum.app.database.db, [{
        id: rowId(t.firstPostId), body: 'first words', bodyHtml: '<p>first words</p>', bodyText: 'first words', mentionIds: [],
        renderVersion: RENDER_VERSION,
      }]);
      expect(written).toEqual([]);
      expect((await forum.ok(PAGE, { slug: t.slug })).thread.posts.nodes[0].bodyHTML).toBe('<p>edited <em>words</em></p>');
    });
  });
}
