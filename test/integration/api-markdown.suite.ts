// Posts in Markdown through the API: bodyHTML, bodyText and mentions as a client reads them, the excerpt and search
// made of the plain text, and bodies refused by the rendering bounds (nothing written).
import { describe, expect, it } from 'vitest';
import { type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { createPost, createThread, register, type Seeded, withSeededForum } from '../support/seed.js';

const THREAD = `query($slug: String!) {
  thread(slug: $slug) {
    excerpt postCount
    posts { nodes { id body bodyHTML bodyText mentions { id username displayName } } }
  }
}`;

const REL = 'rel="nofollow ugc noopener"';

export function defineApiMarkdownSuite(db: DbKind, cache: CacheKind) {
  describe(`Markdown posts on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    withSeededForum({ db, cache }, (f, s) => { forum = f; seed = s; });

    const posts = async (slug: string) => (await forum.ok(THREAD, { slug })).thread.posts.nodes;

    it('a new thread serves its body as written, as sanitized HTML and as plain text', async () => {
      const body = '## Watering\n\nGive **water** weekly:\n\n- ferns\n- mosses\n\n| plant | days |\n|---|--:|\n| fern | 7 |\n\n'
        + '```sh\nwater --all\n```\n\n<script>alert(1)</script>';
      const t = await createThread(forum, seed.alice.token, { title: 'Markdown opening post', body });
      const [post] = await posts(t.slug);
      expect(post.body).toBe(body);
      expect(post.bodyHTML).toBe('<h2>Watering</h2>\n<p>Give <strong>water</strong> weekly:</p>\n<ul>\n<li>ferns</li>\n<li>mosses</li>\n</ul>\n'
        + '<table>\n<thead>\n<tr>\n<th>plant</th>\n<th align="right">days</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>fern</td>\n'
        + '<td align="right">7</td>\n</tr>\n</tbody>\n</table>\n<pre><code class="language-sh">water --all\n</code></pre>\n'
        + '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      expect(post.bodyText).toBe('Watering\nGive water weekly:\nferns\nmosses\nplant\tdays\nfern\t7\nwater --all\n<script>alert(1)</script>');
      expect(post.mentions).toEqual([]);
    });

    it('the mutation that writes a post returns it rendered: createPost and editPost', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Rendered replies' });
      const created = await forum.ok(`mutation($input: CreatePostInput!) { createPost(input: $input) { bodyHTML bodyText } }`,
        { input: { threadSlug: t.slug, body: 'A *reply*' } }, seed.bob.token);
      expect(created.createPost).toEqual({ bodyHTML: '<p>A <em>reply</em></p>', bodyText: 'A reply' });
      const edited = await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "~~old~~ new") { bodyHTML bodyText } }`,
        { id: t.firstPostId }, seed.alice.token);
      expect(edited.editPost).toEqual({ bodyHTML: '<p><s>old</s> new</p>', bodyText: 'old new' });
    });

    it('mentions name existing users (any case) as profile links, in order; unknown names stay text', async () => {
      const carol = await register(forum, 'Carol_G');
      const t = await createThread(forum, seed.alice.token, {
        title: 'Mentions', body: 'Thanks @carol_g and @BOB, not @nobody_here; again @bob. `@alice` is code.',
      });
      const [post] = await posts(t.slug);
      expect(post.mentions).toEqual([
        { id: carol.id, username: 'Carol_G', displayName: 'Carol_G' },
        { id: seed.bob.id, username: 'bob', displayName: 'bob' },
      ]);
      expect(post.bodyHTML).toBe(`<p>Thanks <a href="/u/Carol_G" class="mention" ${REL}>@carol_g</a> and `
        + `<a href="/u/bob" class="mention" ${REL}>@BOB</a>, not @nobody_here; again <a href="/u/bob" class="mention" ${REL}>@bob</a>. `
        + '<code>@alice</code> is code.</p>');
    });

    it("the excerpt is the first post's plain text, whitespace collapsed, at most 200 characters", async () => {
      const body = `# Heading\n\n**Bold** and [a link](https://example.com)\n\n- item one\n- item two\n\n${'word '.repeat(60)}`;
      const t = await createThread(forum, seed.alice.token, { title: 'Excerpt of Markdown', body });
      const { excerpt } = (await forum.ok(THREAD, { slug: t.slug })).thread;
      expect(excerpt.startsWith('Heading Bold and a link item one item two word word')).toBe(true);
      expect(excerpt).not.toMatch(/[#*[\]()]/);
      expect(excerpt.length).toBeLessThanOrEqual(200);
      expect(excerpt.endsWith('…')).toBe(true);
    });

    it('search matches the words of the plain text: **water** is found by "water", a link by its text, not its address', async () => {
      const t = await createThread(forum, seed.alice.token, {
        title: 'Emphasis search', body: 'Give it **hydrangeawater** and see [the chlorophyllguide](https://example.com/secretaddress)',
      });
      const search = async (words: string) =>
        (await forum.ok(`query($s: String!) { threads(filter: { search: $s }) { nodes { slug } } }`, { s: words })).threads.nodes
          .map((n: { slug: string }) => n.slug);
      expect(await search('hydrangeawater')).toContain(t.slug);
      expect(await search('chlorophyllguide')).toContain(t.slug);
      expect(await search('secretaddress')).not.toContain(t.slug);
    });

    it('a body past a rendering bound is BAD_USER_INPUT naming the bound, and nothing is written', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Bombs stay out' });
      const linkBomb = `[a]: https://example.com/${'x'.repeat(900)}\n\n${'[a] '.repeat(4700)}`;
      const deep = `${'> '.repeat(60)}deep`;
      for (const [body, bound] of [[linkBomb, /500 KB of HTML/], [deep, /levels deep/]] as const) {
        const result = await forum.gql(`mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
          { input: { threadSlug: t.slug, body } }, seed.bob.token);
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(bound);
      }
      const edit = await forum.gql(`mutation($id: ID!, $b: String!) { editPost(id: $id, body: $b) { id } }`,
        { id: t.firstPostId, b: linkBomb }, seed.alice.token);
      expect(edit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const thread = (await forum.ok(THREAD, { slug: t.slug })).thread;
      expect(thread.postCount).toBe(1);
      expect(thread.posts.nodes[0].body).toBe('Opening post body');
    });

    it('a refused body comes before NOT_FOUND and FORBIDDEN (the order of docs/api.md)', async () => {
      const deep = `${'> '.repeat(60)}deep`;
      const t = await createThread(forum, seed.alice.token, { title: 'Order of refusals' });
      expect(await forum.code(`mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        { input: { threadSlug: 'no-such-thread', body: deep } }, seed.bob.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(`mutation($id: ID!, $b: String!) { editPost(id: $id, body: $b) { id } }`,
        { id: t.firstPostId, b: deep }, seed.bob.token)).toBe('BAD_USER_INPUT');
    });

    it('a 20,000-character body of ordinary Markdown renders', async () => {
      const paragraph = 'Repot in **spring**, water when the top [inch](https://example.com/soil) is dry, and mist `daily`.\n\n';
      const body = paragraph.repeat(Math.floor(20_000 / paragraph.length));
      const t = await createThread(forum, seed.alice.token, { title: 'Long care guide' });
      const id = await createPost(forum, seed.bob.token, t.slug, body);
      const reply = (await posts(t.slug)).find((p: { id: string }) => p.id === id);
      expect(reply.bodyHTML.match(/<strong>spring<\/strong>/g)).toHaveLength(Math.floor(20_000 / paragraph.length));
    });
  });
}
