// Every mutation of the contract as a client uses it: accounts, reactions, posts, threads and categories.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { createPost, createThread, PASSWORD, register } from '../support/seed.js';
import {
  categoryCounts, CREATE_POST, DELETE_POST, DELETE_THREAD, EDIT_POST, newCategory, newThread, readThread, seededForum,
  sleep, slugs, UPDATE_THREAD, updateThread,
} from './api-helpers.js';

const VIEWER = `{ viewer { username displayName role } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username role } } }`;
const TOGGLE = `mutation($id: ID!, $type: ReactionType!) {
  toggleReaction(postId: $id, type: $type) { id reactionCounts { like helpful love } viewerReactions }
}`;
const SET = `mutation($id: ID!, $type: ReactionType!, $active: Boolean!) {
  setReaction(postId: $id, type: $type, active: $active) { id reactionCounts { like helpful love } viewerReactions }
}`;

export function defineApiMutationsSuite(db: DbKind, cache: CacheKind) {
  describe(`changing the forum (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('register signs a new member in; viewer is that user, and null when anonymous', async () => {
      const { forum } = s;
      const { register: named } = await forum.ok(`mutation {
        register(username: "Newcomer", password: "long-enough-pw", displayName: "  New Comer  ") { token user { id username displayName role avatarUrl createdAt } }
      }`);
      expect(named.user).toMatchObject({ username: 'Newcomer', displayName: 'New Comer', role: 'MEMBER', avatarUrl: null });
      expect(Date.parse(named.user.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect((await forum.ok(VIEWER, {}, named.token)).viewer).toEqual({ username: 'Newcomer', displayName: 'New Comer', role: 'MEMBER' });
      const plain = await register(forum, 'plain_name');
      expect((await forum.ok(VIEWER, {}, plain.token)).viewer.displayName).toBe('plain_name');
      expect((await forum.ok(VIEWER)).viewer).toBeNull();
    });

    it('login returns a fresh token; logout revokes only the token it was made with', async () => {
      const { forum, seed } = s;
      const { login } = await forum.ok(LOGIN, { u: 'ALICE', p: PASSWORD });
      expect(login.user).toEqual({ username: 'alice', role: 'MEMBER' });
      expect(login.token).not.toBe(seed.alice.token);
      expect((await forum.ok(VIEWER, {}, login.token)).viewer.username).toBe('alice');
      expect(await forum.ok(`mutation { logout }`, {}, login.token)).toEqual({ logout: true });
      const after = await forum.gql(VIEWER, {}, login.token);
      expect(after.status).toBe(401);
      expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await forum.code(`mutation { createThread(input: { categorySlug: "garden", title: "After logout", body: "x" }) { slug } }`,
        {}, login.token)).toBe('UNAUTHENTICATED');
      expect((await forum.ok(VIEWER, {}, seed.alice.token)).viewer.username).toBe('alice');
    });

    it('setUserRole makes a member a moderator, shows it on their threads, and grants moderator rights at once', async () => {
      const { forum, seed } = s;
      const carol = await register(forum, 'carol');
      const slug = await newThread(forum, carol, 'indoor', 'Carol becomes a moderator');
      expect((await readThread(forum, slug)).author.role).toBe('MEMBER');
      const set = `mutation($u: String!, $r: Role!) { setUserRole(username: $u, role: $r) { username role } }`;
      expect(await forum.ok(set, { u: 'CAROL', r: 'MODERATOR' }, seed.admin.token)).toEqual({ setUserRole: { username: 'carol', role: 'MODERATOR' } });
      expect((await readThread(forum, slug)).author.role).toBe('MODERATOR');
      expect((await forum.ok(VIEWER, {}, carol.token)).viewer.role).toBe('MODERATOR');
      expect((await updateThread(forum, carol.token, slug, { isPinned: true })).data?.updateThread.isPinned).toBe(true);
      await forum.ok(set, { u: 'carol', r: 'MEMBER' }, seed.admin.token);
      expect(await forum.code(`mutation($s: String!) { updateThread(slug: $s, input: { isPinned: false }) { slug } }`, { s: slug }, carol.token))
        .toBe('FORBIDDEN');
      expect((await readThread(forum, slug)).author.role).toBe('MEMBER');
    });

    it('toggleReaction adds the viewer\'s reaction and removes it the second time, with counts on the post and its thread', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { categorySlug: 'indoor', title: 'Toggling reactions' });
      const reply = await createPost(forum, seed.alice.token, t.slug, 'Thanks everyone');
      let { toggleReaction } = await forum.ok(TOGGLE, { id: t.firstPostId, type: 'LIKE' }, seed.bob.token);
      expect(toggleReaction).toEqual({ id: t.firstPostId, reactionCounts: { like: 1, helpful: 0, love: 0 }, viewerReactions: ['LIKE'] });
      await forum.ok(TOGGLE, { id: t.firstPostId, type: 'LOVE' }, seed.moderator.token);
      await forum.ok(TOGGLE, { id: reply, type: 'LIKE' }, seed.moderator.token);
      expect((await readThread(forum, t.slug)).reactionCounts).toEqual({ like: 2, helpful: 0, love: 1 });
      ({ toggleReaction } = await forum.ok(TOGGLE, { id: t.firstPostId, type: 'LIKE' }, seed.bob.token));
      expect(toggleReaction).toEqual({ id: t.firstPostId, reactionCounts: { like: 0, helpful: 0, love: 1 }, viewerReactions: [] });
      const thread = await readThread(forum, t.slug, seed.moderator.token);
      expect(thread.reactionCounts).toEqual({ like: 1, helpful: 0, love: 1 });
      expect(thread.posts.nodes.map((p: any) => [p.reactionCounts, p.viewerReactions])).toEqual([
        [{ like: 0, helpful: 0, love: 1 }, ['LOVE']], [{ like: 1, helpful: 0, love: 0 }, ['LIKE']],
      ]);
    });

    it('setReaction is safe to retry; viewerReactions is the viewer\'s own, and empty when anonymous', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { categorySlug: 'indoor', title: 'Setting reactions' });
      for (let i = 0; i < 2; i++) {
        const { setReaction } = await forum.ok(SET, { id: t.firstPostId, type: 'HELPFUL', active: true }, seed.bob.token);
        expect(setReaction.reactionCounts).toEqual({ like: 0, helpful: 1, love: 0 });
      }
      await forum.ok(SET, { id: t.firstPostId, type: 'LIKE', active: true }, seed.bob.token);
      const mine = await readThread(forum, t.slug, seed.bob.token);
      expect(mine.posts.nodes[0].viewerReactions).toEqual(['LIKE', 'HELPFUL']);
      expect((await readThread(forum, t.slug, seed.alice.token)).posts.nodes[0].viewerReactions).toEqual([]);
      const anonymous = await readThread(forum, t.slug);
      expect(anonymous.posts.nodes[0]).toMatchObject({ reactionCounts: { like: 1, helpful: 1, love: 0 }, viewerReactions: [] });
      for (let i = 0; i < 2; i++) {
        const { setReaction } = await forum.ok(SET, { id: t.firstPostId, type: 'HELPFUL', active: false }, seed.bob.token);
        expect(setReaction).toMatchObject({ reactionCounts: { like: 1, helpful: 0, love: 0 }, viewerReactions: ['LIKE'] });
      }
    });

    it('createPost adds a reply at the end and moves the thread\'s lastActivityAt to it', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Replying moves activity');
      const before = await readThread(forum, slug);
      await sleep(5);
      const { createPost: post } = await forum.ok(CREATE_POST, { slug, body: '  A helpful reply  ' }, seed.bob.token);
      expect(post.body).toBe('A helpful reply');
      const after = await readThread(forum, slug);
      expect(after.postCount).toBe(2);
      expect(after.posts.nodes.at(-1)).toMatchObject({ id: post.id, body: 'A helpful reply', author: { username: 'bob' } });
      expect(after.lastActivityAt).toBe(after.posts.nodes.at(-1).createdAt);
      expect(Date.parse(after.lastActivityAt)).toBeGreaterThan(Date.parse(before.lastActivityAt));
    });

    it('editPost changes the body and sets editedAt, without moving lastActivityAt', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { categorySlug: 'indoor', title: 'Editing posts', body: 'Frist post' });
      const before = await readThread(forum, t.slug);
      expect(before.posts.nodes[0].editedAt).toBeNull();
      await sleep(5);
      const { editPost } = await forum.ok(EDIT_POST, { id: t.firstPostId, body: 'First post' }, seed.alice.token);
      expect(editPost.body).toBe('First post');
      expect(Date.parse(editPost.editedAt)).toBeGreaterThan(Date.parse(before.lastActivityAt));
      const after = await readThread(forum, t.slug);
      expect(after.posts.nodes[0]).toMatchObject({ body: 'First post', editedAt: editPost.editedAt });
      expect(after.excerpt).toBe('First post');
      expect(after.lastActivityAt).toBe(before.lastActivityAt);
    });

    it('deletePost removes a reply, and lastActivityAt goes back to the newest live post', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Deleting a reply');
      const opening = await readThread(forum, slug);
      await sleep(5);
      const reply = await createPost(forum, seed.bob.token, slug, 'Regrettable reply');
      expect((await readThread(forum, slug)).lastActivityAt).not.toBe(opening.lastActivityAt);
      expect(await forum.ok(DELETE_POST, { id: reply }, seed.bob.token)).toEqual({ deletePost: true });
      const after = await readThread(forum, slug);
      expect(after.posts.nodes.map((p: any) => p.body)).toEqual(['Opening post body']);
      expect(after.postCount).toBe(1);
      expect(after.lastActivityAt).toBe(opening.lastActivityAt);
    });

    it('a moderator pins and unpins a thread', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'pins');
      const older = await newThread(forum, seed.alice, 'pins', 'An older thread');
      await sleep(5);
      const slug = await newThread(forum, seed.alice, 'pins', 'Pin me please');
      expect(await slugs(forum, { filter: { categorySlug: 'pins' }, sort: 'OLDEST' })).toEqual([older, slug]);
      expect((await updateThread(forum, seed.moderator.token, slug, { isPinned: true })).data?.updateThread.isPinned).toBe(true);
      expect((await readThread(forum, slug)).isPinned).toBe(true);
      expect(await slugs(forum, { filter: { categorySlug: 'pins' }, sort: 'OLDEST' })).toEqual([slug, older]);
      await updateThread(forum, seed.moderator.token, slug, { isPinned: false });
      expect((await readThread(forum, slug)).isPinned).toBe(false);
      expect(await slugs(forum, { filter: { categorySlug: 'pins' }, sort: 'OLDEST' })).toEqual([older, slug]);
    });

    it('in a locked thread a member cannot post but a moderator can; unlocking lets members post again', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Lock this thread');
      expect((await updateThread(forum, seed.moderator.token, slug, { isLocked: true })).data?.updateThread.isLocked).toBe(true);
      expect(await forum.code(CREATE_POST, { slug, body: 'Let me in' }, seed.bob.token)).toBe('FORBIDDEN');
      expect(await forum.code(CREATE_POST, { slug, body: 'My own thread' }, seed.alice.token)).toBe('FORBIDDEN');
      await forum.ok(CREATE_POST, { slug, body: 'Locked for a reason' }, seed.moderator.token);
      expect((await readThread(forum, slug)).posts.nodes.map((p: any) => p.body)).toEqual(['Opening post body', 'Locked for a reason']);
      await updateThread(forum, seed.moderator.token, slug, { isLocked: false });
      await forum.ok(CREATE_POST, { slug, body: 'Thanks for unlocking' }, seed.bob.token);
      expect((await readThread(forum, slug)).postCount).toBe(3);
    });

    it('moving a thread changes its category, both categories\' counts and both lists', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'move-from');
      await newCategory(forum, seed.admin, 'move-to');
      const slug = await newThread(forum, seed.alice, 'move-from', 'Moving house');
      await createPost(forum, seed.bob.token, slug, 'Reply travels along');
      expect(await categoryCounts(forum, 'move-from')).toEqual({ threadCount: 1, postCount: 2 });
      expect(await slugs(forum, { filter: { categorySlug: 'move-from' } })).toEqual([slug]);
      const moved = await updateThread(forum, seed.moderator.token, slug, { categorySlug: 'move-to' });
      expect(moved.data?.updateThread.category.slug).toBe('move-to');
      expect((await readThread(forum, slug)).category).toMatchObject({ slug: 'move-to', threadCount: 1, postCount: 2 });
      expect(await categoryCounts(forum, 'move-from')).toEqual({ threadCount: 0, postCount: 0 });
      expect(await slugs(forum, { filter: { categorySlug: 'move-from' } })).toEqual([]);
      expect(await slugs(forum, { filter: { categorySlug: 'move-to' } })).toEqual([slug]);
    });

    it('deleteThread removes the thread: thread(slug) is null afterwards', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Short-lived thread');
      expect(await readThread(forum, slug)).not.toBeNull();
      expect(await forum.ok(DELETE_THREAD, { slug }, seed.alice.token)).toEqual({ deleteThread: true });
      expect(await readThread(forum, slug)).toBeNull();
    });

    it('in updateThread a field that is null or left out is unchanged', async () => {
      const { forum, seed } = s;
      const slug = await newThread(forum, seed.alice, 'indoor', 'Partial updates', { tags: ['one', 'two'] });
      await updateThread(forum, seed.moderator.token, slug, { isLocked: true });
      const unchanged = await updateThread(forum, seed.moderator.token, slug,
        { title: null, tags: null, categorySlug: null, isPinned: null, isLocked: null });
      expect(unchanged.data?.updateThread).toEqual({
        slug, title: 'Partial updates', tags: ['one', 'two'], isPinned: false, isLocked: true, category: { slug: 'indoor' },
      });
      await updateThread(forum, seed.alice.token, slug, { tags: ['three'] });
      await updateThread(forum, seed.alice.token, slug, { title: 'Partially updated' });
      expect(await readThread(forum, slug)).toMatchObject({ title: 'Partially updated', tags: ['three'], isLocked: true, isPinned: false });
      await updateThread(forum, seed.alice.token, slug, { tags: [] });
      expect((await readThread(forum, slug)).tags).toEqual([]);
    });

    it('createCategory and updateCategory set the fields given; null or left out is unchanged', async () => {
      const { forum, seed } = s;
      const { createCategory } = await forum.ok(`mutation {
        createCategory(input: { slug: "herbs", name: "Herbs" }) { slug name description icon displayOrder parent { slug } }
      }`, {}, seed.admin.token);
      expect(createCategory).toEqual({ slug: 'herbs', name: 'Herbs', description: '', icon: null, displayOrder: 0, parent: null });
      const topLevel = async () => (await forum.ok(`{ categories { slug } }`)).categories
        .map((c: any) => c.slug).filter((slug: string) => ['garden', 'indoor', 'herbs'].includes(slug));
      expect(await topLevel()).toEqual(['herbs', 'garden', 'indoor']);
      const update = `mutation($slug: String!, $input: UpdateCategoryInput!) {
        updateCategory(slug: $slug, input: $input) { slug name description icon displayOrder }
      }`;
      await forum.ok(update, { slug: 'herbs', input: { name: 'Herbs & spices', description: 'Basil and more', icon: '🌿', displayOrder: 3 } }, seed.admin.token);
      const { updateCategory } = await forum.ok(update,
        { slug: 'herbs', input: { name: null, description: null, icon: null, displayOrder: null } }, seed.admin.token);
      expect(updateCategory).toEqual({ slug: 'herbs', name: 'Herbs & spices', description: 'Basil and more', icon: '🌿', displayOrder: 3 });
      expect(await topLevel()).toEqual(['garden', 'indoor', 'herbs']);
      await forum.ok(update, { slug: 'herbs', input: { description: 'Only this changes' } }, seed.admin.token);
      const slug = await newThread(forum, seed.alice, 'herbs', 'Basil bolting');
      const { category, categories } = await forum.ok(`{
        category(slug: "herbs") { name description icon displayOrder }
        categories { slug name }
      }`);
      expect(category).toEqual({ name: 'Herbs & spices', description: 'Only this changes', icon: '🌿', displayOrder: 3 });
      expect(categories.find((c: any) => c.slug === 'herbs').name).toBe('Herbs & spices');
      await forum.ok(update, { slug: 'herbs', input: { name: 'Kitchen herbs' } }, seed.admin.token);
      expect((await readThread(forum, slug)).category.name).toBe('Kitchen herbs');
    });

    it('a mutation answers what it wrote even when a deletion commits right after it, never NOT_FOUND', async () => {
      const { forum, seed } = s;
      const { db: database } = forum.app.database;
      // Another moderator deletes the thread between this mutation's commit and the reading of its answer.
      const deleteAfterNextWrite = (slug: string) => {
        forum.app.cache.hooks.afterApply = async () => {
          forum.app.cache.hooks.afterApply = undefined;
          await database.execute(sql`update threads set deleted_at = now(), version = version + 1 where slug = ${slug}`);
          await forum.app.cache.invalidateThread(slug);
        };
      };
      // Each write, then what its answer must show although its thread is gone by the time the answer is read.
      const cases: [string, (t: { slug: string; firstPostId: string }) => Promise<any>, (data: any) => void][] = [
        ['Replied to, then removed', (t) => forum.gql(CREATE_POST, { slug: t.slug, body: 'A reply that was written' }, seed.bob.token),
          (data) => expect(data.createPost.body).toBe('A reply that was written')],
        ['Retitled, then removed', (t) => forum.gql(UPDATE_THREAD, { slug: t.slug, input: { title: 'The new title' } }, seed.alice.token),
          (data) => expect(data.updateThread.title).toBe('The new title')],
        ['Edited, then removed', (t) => forum.gql(EDIT_POST, { id: t.firstPostId, body: 'Edited body' }, seed.alice.token),
          (data) => expect(data.editPost.body).toBe('Edited body')],
        ['Liked, then removed', (t) => forum.gql(TOGGLE, { id: t.firstPostId, type: 'LIKE' }, seed.bob.token),
          (data) => expect(data.toggleReaction).toMatchObject({ reactionCounts: { like: 1 }, viewerReactions: ['LIKE'] })],
      ];
      try {
        const written: string[] = [];
        for (const [title, write, check] of cases) {
          const t = await createThread(forum, seed.alice.token, { title });
          deleteAfterNextWrite(t.slug);
          const answer = await write(t);
          expect(answer.errors).toBeUndefined();
          check(answer.data);
          written.push(t.slug);
        }
        // The deletions did commit: each thread is gone for every later read.
        for (const slug of written) expect(await readThread(forum, slug)).toBeNull();
      } finally {
        forum.app.cache.hooks.afterApply = undefined;
      }
    });
  });
}
