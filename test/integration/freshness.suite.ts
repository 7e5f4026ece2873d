// Every mutation's effect is visible on the very next read while the cache holds the old value (issue 3's table).
import { describe, expect, it } from 'vitest';
import { type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { createPost, createThread, type Seeded, withSeededForum } from '../support/seed.js';

const READ = `query($slug: String!) {
  thread(slug: $slug) {
    title tags isPinned isLocked postCount excerpt lastActivityAt updatedAt
    author { username role }
    reactionCounts { like helpful love }
    category { slug name threadCount postCount }
    posts { totalCount nodes { id body editedAt reactionCounts { like } } }
  }
  garden: threads(filter: { categorySlug: "garden" }) { totalCount nodes { slug title postCount isPinned tags reactionCounts { like } } }
  indoor: threads(filter: { categorySlug: "indoor" }) { totalCount nodes { slug title } }
  all: threads(sort: NEWEST) { totalCount nodes { slug title postCount } }
  search: threads(filter: { search: "zucchini" }) { totalCount nodes { slug } }
  tagged: threads(filter: { tags: ["heirloom"] }) { totalCount nodes { slug } }
  category(slug: "garden") { name threadCount postCount children { slug name } }
  categories { slug name threadCount postCount children { slug name displayOrder } }
}`;

export function defineFreshnessSuite(db: DbKind, cache: CacheKind) {
  describe(`freshness after each mutation on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    withSeededForum({ db, cache }, (f, s) => { forum = f; seed = s; });

    const hits = async () => {
      const text = await (await fetch(forum.url.replace('/graphql', '/metrics'))).text();
      return [...text.matchAll(/^forum_cache_requests_total\{[^}]*result="hit"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    };

    /** Reads twice so every entry is cached, checks the second read was served by the cache, and returns it. */
    async function warm(slug: string) {
      await forum.ok(READ, { slug });
      const before = await hits();
      const data = await forum.ok(READ, { slug });
      expect(await hits()).toBeGreaterThan(before);
      return data;
    }
    const read = (slug: string) => forum.ok(READ, { slug });

    it('createThread shows the new thread in its category, in all lists, and in the counts', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'First garden thread' });
      const before = await warm(t.slug);
      const t2 = await createThread(forum, seed.bob.token, { title: 'Second garden thread' });
      const after = await read(t.slug);
      expect(after.garden.totalCount).toBe(before.garden.totalCount + 1);
      expect(after.garden.nodes.map((n: any) => n.slug)).toContain(t2.slug);
      expect(after.all.nodes[0].slug).toBe(t2.slug);
      expect(after.category.threadCount).toBe(before.category.threadCount + 1);
      expect(after.categories.find((c: any) => c.slug === 'garden').postCount).toBe(before.category.postCount + 1);
    });

    it('createPost and deletePost show in the thread, its posts, the lists and the category counts', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Posts come and go' });
      const before = await warm(t.slug);
      const postId = await createPost(forum, seed.bob.token, t.slug, 'A fresh reply');
      const mid = await read(t.slug);
      expect(mid.thread.postCount).toBe(2);
      expect(mid.thread.posts.nodes.at(-1).body).toBe('A fresh reply');
      expect(mid.thread.lastActivityAt > before.thread.lastActivityAt).toBe(true);
      expect(mid.garden.nodes.find((n: any) => n.slug === t.slug).postCount).toBe(2);
      expect(mid.category.postCount).toBe(before.category.postCount + 1);
      await warm(t.slug);
      await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: postId }, seed.bob.token);
      const after = await read(t.slug);
      expect(after.thread.postCount).toBe(1);
      expect(after.thread.posts.nodes.map((p: any) => p.id)).not.toContain(postId);
      expect(after.garden.nodes.find((n: any) => n.slug === t.slug).postCount).toBe(1);
      expect(after.category.postCount).toBe(before.category.postCount);
    });

    it('editPost on the first post changes the excerpt, the body and what search finds', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Squash questions', body: 'Old opening words' });
      const before = await warm(t.slug);
      expect(before.search.nodes.map((n: any) => n.slug)).not.toContain(t.slug);
      await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "Now about zucchini") { id } }`, { id: t.firstPostId }, seed.alice.token);
      const after = await read(t.slug);
      expect(after.thread.excerpt).toBe('Now about zucchini');
      expect(after.thread.posts.nodes[0].body).toBe('Now about zucchini');
      expect(after.thread.posts.nodes[0].editedAt).not.toBeNull();
      expect(after.search.nodes.map((n: any) => n.slug)).toContain(t.slug);
    });

    it('editPost re-renders: bodyHTML, bodyText, mentions, the excerpt and search are fresh on the next read', async () => {
      const RENDERED = `query($slug: String!) {
        thread(slug: $slug) { excerpt posts { nodes { bodyHTML bodyText mentions { username } } } }
        search: threads(filter: { search: "rhododendron" }) { nodes { slug } }
      }`;
      const t = await createThread(forum, seed.alice.token, { title: 'Rendered and cached', body: '**Old** words' });
      await forum.ok(RENDERED, { slug: t.slug });
      const hitsBefore = await hits();
      const before = await forum.ok(RENDERED, { slug: t.slug });
      expect(await hits()).toBeGreaterThan(hitsBefore);
      expect(before.thread.posts.nodes[0]).toEqual({ bodyHTML: '<p><strong>Old</strong> words</p>', bodyText: 'Old words', mentions: [] });
      await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "_Rhododendron_ care, ask @bob") { id } }`,
        { id: t.firstPostId }, seed.alice.token);
      const after = await forum.ok(RENDERED, { slug: t.slug });
      expect(after.thread.posts.nodes[0]).toEqual({
        bodyHTML: '<p><em>Rhododendron</em> care, ask <a href="/u/bob" class="mention" rel="nofollow ugc noopener">@bob</a></p>',
        bodyText: 'Rhododendron care, ask @bob',
        mentions: [{ username: 'bob' }],
      });
      expect(after.thread.excerpt).toBe('Rhododendron care, ask @bob');
      expect(after.search.nodes.map((n: any) => n.slug)).toContain(t.slug);
    });

    it('pages selecting bodyHTML alone and body with bodyText are entries of their own, each fresh after an edit', async () => {
      // Each page reads and caches only the texts it selects (src/model/post-body-fields.ts); both hang off the thread's stamp.
      const HTML = `query($slug: String!) { thread(slug: $slug) { posts { nodes { id bodyHTML } } } }`;
      const SOURCE = `query($slug: String!) { thread(slug: $slug) { posts { nodes { id body bodyText } } } }`;
      const t = await createThread(forum, seed.alice.token, { title: 'Two selections of texts', body: '**Old** words' });
      // Signed in, no stored whole response answers: the post page entries do. Anonymous, the response fast path too.
      const readers = [seed.bob.token, undefined];
      const pages = async () => Promise.all(readers.flatMap((token) => [HTML, SOURCE].map(async (query) =>
        (await forum.ok(query, { slug: t.slug }, token)).thread.posts.nodes[0])));
      await pages();
      const hitsBefore = await hits();
      const before = await pages();
      expect(await hits()).toBeGreaterThan(hitsBefore);
      const oldHtml = { id: t.firstPostId, bodyHTML: '<p><strong>Old</strong> words</p>' };
      const oldSource = { id: t.firstPostId, body: '**Old** words', bodyText: 'Old words' };
      expect(before).toEqual([oldHtml, oldSource, oldHtml, oldSource]);
      await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "_New_ words") { id } }`, { id: t.firstPostId }, seed.alice.token);
      const newHtml = { id: t.firstPostId, bodyHTML: '<p><em>New</em> words</p>' };
      const newSource = { id: t.firstPostId, body: '_New_ words', bodyText: 'New words' };
      expect(await pages()).toEqual([newHtml, newSource, newHtml, newSource]);
      // Read again in the other order, now from the cache: each selection still gets its own texts.
      const reversed = await Promise.all(readers.flatMap((token) => [SOURCE, HTML].map(async (query) =>
        (await forum.ok(query, { slug: t.slug }, token)).thread.posts.nodes[0])));
      expect(reversed).toEqual([newSource, newHtml, newSource, newHtml]);
    });

    it('toggleReaction and setReaction show in the thread, the post and the lists', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'React to this' });
      await warm(t.slug);
      await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: t.firstPostId }, seed.bob.token);
      const mid = await read(t.slug);
      expect(mid.thread.reactionCounts.like).toBe(1);
      expect(mid.thread.posts.nodes[0].reactionCounts.like).toBe(1);
      expect(mid.garden.nodes.find((n: any) => n.slug === t.slug).reactionCounts.like).toBe(1);
      await warm(t.slug);
      await forum.ok(`mutation($id: ID!) { setReaction(postId: $id, type: LIKE, active: false) { id } }`, { id: t.firstPostId }, seed.bob.token);
      const after = await read(t.slug);
      expect(after.thread.reactionCounts.like).toBe(0);
      expect(after.garden.nodes.find((n: any) => n.slug === t.slug).reactionCounts.like).toBe(0);
    });

    it('updateThread shows a new title, tags, pin and lock in the thread, the lists and search', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Plain title' });
      await warm(t.slug);
      await forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Zucchini title", tags: ["heirloom"] }) { id } }`,
        { s: t.slug }, seed.alice.token);
      await forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { isPinned: true, isLocked: true }) { id } }`,
        { s: t.slug }, seed.moderator.token);
      const after = await read(t.slug);
      expect(after.thread).toMatchObject({ title: 'Zucchini title', tags: ['heirloom'], isPinned: true, isLocked: true });
      expect(after.garden.nodes[0]).toMatchObject({ slug: t.slug, title: 'Zucchini title', isPinned: true });
      expect(after.all.nodes.find((n: any) => n.slug === t.slug).title).toBe('Zucchini title');
      expect(after.search.nodes.map((n: any) => n.slug)).toContain(t.slug);
      expect(after.tagged.nodes.map((n: any) => n.slug)).toContain(t.slug);
    });

    it('moving a thread updates both categories, both lists and the thread', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Moving house' });
      const before = await warm(t.slug);
      await forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { categorySlug: "indoor" }) { id } }`, { s: t.slug }, seed.moderator.token);
      const after = await read(t.slug);
      expect(after.thread.category.slug).toBe('indoor');
      expect(after.garden.nodes.map((n: any) => n.slug)).not.toContain(t.slug);
      expect(after.indoor.nodes.map((n: any) => n.slug)).toContain(t.slug);
      expect(after.category.threadCount).toBe(before.category.threadCount - 1);
      const indoor = (d: any) => d.categories.find((c: any) => c.slug === 'indoor').threadCount;
      expect(indoor(after)).toBe(indoor(before) + 1);
    });

    it('deleteThread removes it from the thread query, every list and the counts', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Short-lived zucchini', tags: ['heirloom'] });
      const before = await warm(t.slug);
      expect(before.search.nodes.map((n: any) => n.slug)).toContain(t.slug);
      await forum.ok(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: t.slug }, seed.alice.token);
      const after = await read(t.slug);
      expect(after.thread).toBeNull();
      for (const list of ['garden', 'all', 'search', 'tagged']) {
        expect(after[list].nodes.map((n: any) => n.slug)).not.toContain(t.slug);
        expect(after[list].totalCount).toBe(before[list].totalCount - 1);
      }
      expect(after.category.threadCount).toBe(before.category.threadCount - 1);
    });

    it('createCategory and updateCategory show in the tree, the parent, and a cached thread', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Category watcher' });
      await warm(t.slug);
      await forum.ok(`mutation { createCategory(input: { slug: "herbs", name: "Herbs", parentSlug: "garden", displayOrder: -1 }) { slug } }`, {}, seed.admin.token);
      await forum.ok(`mutation { updateCategory(slug: "garden", input: { name: "Outdoor garden" }) { slug } }`, {}, seed.admin.token);
      const after = await read(t.slug);
      expect(after.thread.category.name).toBe('Outdoor garden');
      expect(after.category.name).toBe('Outdoor garden');
      expect(after.category.children.map((c: any) => c.slug)).toEqual(['herbs', 'vegetables']);
      expect(after.categories.find((c: any) => c.slug === 'garden').name).toBe('Outdoor garden');
      await warm(t.slug);
      await forum.ok(`mutation { updateCategory(slug: "herbs", input: { displayOrder: 9, name: "Herbs & spices" }) { slug } }`, {}, seed.admin.token);
      const reordered = await read(t.slug);
      expect(reordered.category.children.map((c: any) => c.name)).toEqual(['Vegetables', 'Herbs & spices']);
      expect(reordered.categories.find((c: any) => c.slug === 'garden').children.at(-1).displayOrder).toBe(9);
    });

    const PEOPLE = `query($a: String!, $b: String!) {
      a: thread(slug: $a) { author { displayName avatarUrl } posts { nodes { author { username displayName avatarUrl role } } } }
      b: thread(slug: $b) { author { displayName avatarUrl } posts { nodes { author { username displayName avatarUrl } } } }
      garden: threads(filter: { categorySlug: "garden" }) { nodes { slug author { username displayName avatarUrl } } }
      all: threads(sort: NEWEST) { nodes { slug author { username displayName avatarUrl } } }
      mine: threads(filter: { authorUsername: "bob" }) { nodes { slug author { displayName } } }
    }`;
    const invalidations = async () => {
      const text = await (await fetch(forum.url.replace('/graphql', '/metrics'))).text();
      return Object.fromEntries([...text.matchAll(/^forum_cache_invalidations_total\{kind="(\w+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
    };

    it('updateProfile shows a new name and avatar on every cached thread page and list showing the user, with one stamp', async () => {
      const a = await createThread(forum, seed.alice.token, { title: 'Alice asks about beans' });
      const b = await createThread(forum, seed.bob.token, { categorySlug: 'indoor', title: 'Bob grows ferns' });
      const bobThread = await createThread(forum, seed.bob.token, { title: 'Bob on garden beans' });
      for (let i = 0; i < 3; i++) await createPost(forum, seed.bob.token, a.slug, `Bob's reply ${i}`);
      const vars = { a: a.slug, b: b.slug };
      await forum.ok(PEOPLE, vars);
      const before = await hits();
      const warmed = await forum.ok(PEOPLE, vars);
      expect(await hits()).toBeGreaterThan(before);
      expect(warmed.b.author.displayName).toBe('bob');
      const avatar = 'https://images.example/bob.png';
      const counted = await invalidations();
      await forum.ok(`mutation($a: String!) { updateProfile(input: { displayName: "Robert", avatarUrl: $a }) { displayName avatarUrl } }`,
        { a: avatar }, seed.bob.token);
      const bumped = await invalidations();
      // A rename bumps the user's own stamp and nothing else, however many pages show the user.
      expect(Object.entries(bumped).filter(([kind, n]) => n !== (counted[kind] ?? 0))).toEqual([['user', (counted.user ?? 0) + 1]]);
      const after = await forum.ok(PEOPLE, vars);
      const bobs = [
        after.b.author, ...after.b.posts.nodes.map((p: any) => p.author),
        ...after.a.posts.nodes.filter((p: any) => p.author.username === 'bob').map((p: any) => p.author),
        ...after.garden.nodes.filter((n: any) => n.author.username === 'bob').map((n: any) => n.author),
        ...after.all.nodes.filter((n: any) => n.author.username === 'bob').map((n: any) => n.author),
        ...after.mine.nodes.map((n: any) => n.author),
      ];
      expect(bobs.length).toBeGreaterThanOrEqual(8);
      expect(after.mine.nodes.map((n: any) => n.slug)).toContain(bobThread.slug);
      for (const author of bobs) expect(author).toMatchObject({ displayName: 'Robert' });
      for (const author of bobs.filter((x) => 'avatarUrl' in x)) expect(author.avatarUrl).toBe(avatar);
      expect(after.a.author.displayName).toBe('alice');
      await forum.ok(`mutation { updateProfile(input: { displayName: "bob", avatarUrl: "" }) { id } }`, {}, seed.bob.token);
      const restored = await forum.ok(PEOPLE, vars);
      expect(restored.b.author).toEqual({ displayName: 'bob', avatarUrl: null });
    });

    const READING = `query($slug: String!) {
      thread(slug: $slug) {
        answer { id } viewerLastReadPostNumber viewerUnreadCount
        posts { nodes { id replyCount isAnswer replyTo { id } } }
      }
      answered: threads(filter: { answered: true }) { totalCount nodes { slug } }
      unanswered: threads(filter: { answered: false, categorySlug: "garden" }) { totalCount nodes { slug } }
    }`;
    const reading = (slug: string, token?: string) => forum.ok(READING, { slug }, token);
    async function warmReading(slug: string) {
      await reading(slug);
      const before = await hits();
      const data = await reading(slug);
      expect(await hits()).toBeGreaterThan(before);
      return data;
    }
    const REPLY = `mutation($s: String!, $to: ID) { createPost(input: { threadSlug: $s, body: "A reply", replyToPostId: $to }) { id } }`;

    it("createPost with replyToPostId and deletePost of a reply show in the parent's replyCount", async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Replies in a cached page' });
      expect((await warmReading(t.slug)).thread.posts.nodes[0].replyCount).toBe(0);
      const r = (await forum.ok(REPLY, { s: t.slug, to: t.firstPostId }, seed.bob.token)).createPost.id;
      const mid = await reading(t.slug);
      expect(mid.thread.posts.nodes[0].replyCount).toBe(1);
      expect(mid.thread.posts.nodes[1].replyTo).toEqual({ id: t.firstPostId });
      await warmReading(t.slug);
      await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: r }, seed.bob.token);
      expect((await reading(t.slug)).thread.posts.nodes[0].replyCount).toBe(0);
    });

    it('markAnswer, unmarkAnswer and deleting the answer show in the thread, its posts and the answered lists', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'An answer in a cached page' });
      const a = (await forum.ok(REPLY, { s: t.slug, to: null }, seed.bob.token)).createPost.id;
      const before = await warmReading(t.slug);
      expect(before.unanswered.nodes.map((n: any) => n.slug)).toContain(t.slug);
      await forum.ok(`mutation($p: ID!) { markAnswer(postId: $p) { id } }`, { p: a }, seed.alice.token);
      const marked = await reading(t.slug);
      expect(marked.thread.answer).toEqual({ id: a });
      expect(marked.thread.posts.nodes.map((p: any) => p.isAnswer)).toEqual([false, true]);
      expect(marked.answered.nodes.map((n: any) => n.slug)).toContain(t.slug);
      expect(marked.answered.totalCount).toBe(before.answered.totalCount + 1);
      expect(marked.unanswered.nodes.map((n: any) => n.slug)).not.toContain(t.slug);
      await warmReading(t.slug);
      await forum.ok(`mutation($s: String!) { unmarkAnswer(threadSlug: $s) { id } }`, { s: t.slug }, seed.alice.token);
      const unmarked = await reading(t.slug);
      expect(unmarked.thread.answer).toBeNull();
      expect(unmarked.answered.nodes.map((n: any) => n.slug)).not.toContain(t.slug);
      expect(unmarked.unanswered.nodes.map((n: any) => n.slug)).toContain(t.slug);
      await forum.ok(`mutation($p: ID!) { markAnswer(postId: $p) { id } }`, { p: a }, seed.alice.token);
      await warmReading(t.slug);
      await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: a }, seed.bob.token);
      const deleted = await reading(t.slug);
      expect(deleted.thread.answer).toBeNull();
      expect(deleted.answered.nodes.map((n: any) => n.slug)).not.toContain(t.slug);
      expect(deleted.unanswered.nodes.map((n: any) => n.slug)).toContain(t.slug);
    });

    it("markThreadRead shows in the viewer's own fields at once and bumps no shared stamp", async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Read marks over cached pages' });
      await forum.ok(REPLY, { s: t.slug, to: null }, seed.bob.token);
      await warmReading(t.slug);
      const counted = await invalidations();
      await forum.ok(`mutation($s: String!) { markThreadRead(slug: $s, upToPostNumber: 1) { id } }`, { s: t.slug }, seed.moderator.token);
      expect(await invalidations()).toEqual(counted);
      const mine = (await reading(t.slug, seed.moderator.token)).thread;
      expect([mine.viewerLastReadPostNumber, mine.viewerUnreadCount]).toEqual([1, 1]);
      await forum.ok(`mutation($s: String!) { markThreadRead(slug: $s) { id } }`, { s: t.slug }, seed.moderator.token);
      const later = (await reading(t.slug, seed.moderator.token)).thread;
      expect([later.viewerLastReadPostNumber, later.viewerUnreadCount]).toEqual([2, 0]);
      const anonymous = (await reading(t.slug)).thread;
      expect([anonymous.viewerLastReadPostNumber, anonymous.viewerUnreadCount]).toEqual([null, null]);
    });

    it('a rename shows in the mentions of cached posts; the mention in bodyHTML keeps what the author typed', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Asking Bob by name' });
      await createPost(forum, seed.alice.token, t.slug, 'What do you think, @BOB?');
      const MENTIONS = `query($slug: String!) {
        thread(slug: $slug) { posts { nodes { bodyHTML mentions { username displayName avatarUrl role } } } }
      }`;
      await forum.ok(MENTIONS, { slug: t.slug });
      const before = await hits();
      const cached = (await forum.ok(MENTIONS, { slug: t.slug })).thread.posts.nodes[1];
      expect(await hits()).toBeGreaterThan(before);
      expect(cached.mentions).toEqual([{ username: 'bob', displayName: 'bob', avatarUrl: null, role: 'MEMBER' }]);
      const html = '<p>What do you think, <a href="/u/bob" class="mention" rel="nofollow ugc noopener">@BOB</a>?</p>';
      expect(cached.bodyHTML).toBe(html);

      const avatar = 'https://images.example/bob-2.png';
      await forum.ok(`mutation($a: String!) { updateProfile(input: { displayName: "Robert", avatarUrl: $a }) { id } }`,
        { a: avatar }, seed.bob.token);
      const renamed = (await forum.ok(MENTIONS, { slug: t.slug })).thread.posts.nodes[1];
      expect(renamed.mentions).toEqual([{ username: 'bob', displayName: 'Robert', avatarUrl: avatar, role: 'MEMBER' }]);
      // The body is what Alice wrote: the link names the username, which never changes, and the text as typed.
      expect(renamed.bodyHTML).toBe(html);
      await forum.ok(`mutation { updateProfile(input: { displayName: "bob", avatarUrl: "" }) { id } }`, {}, seed.bob.token);
    });

    it("setUserRole shows the author's new role inside cached threads", async () => {
      const t = await createThread(forum, seed.bob.token, { title: 'Bob asks' });
      expect((await warm(t.slug)).thread.author.role).toBe('MEMBER');
      await forum.ok(`mutation { setUserRole(username: "bob", role: MODERATOR) { role } }`, {}, seed.admin.token);
      expect((await read(t.slug)).thread.author.role).toBe('MODERATOR');
      await forum.ok(`mutation { setUserRole(username: "bob", role: MEMBER) { role } }`, {}, seed.admin.token);
    });
  });
}
