// Profiles and account settings: each rule of docs/api.md ("People") with its code.
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { seededForum } from './api-helpers.js';

const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { username displayName avatarUrl bio } }`;

export function definePeopleSuite(db: DbKind, cache: CacheKind) {
  describe(`people on ${db} + ${cache} cache`, () => {
    const s = seededForum({ db, cache });

    it('updateProfile changes only the fields given, and an empty string clears bio and avatar', async () => {
      const { forum, seed } = s;
      const token = seed.alice.token;
      const set = await forum.ok(UPDATE, { input: { displayName: '  Alice G.  ', avatarUrl: 'https://img.example/a.png', bio: 'Grows beans.' } }, token);
      expect(set.updateProfile).toEqual({ username: 'alice', displayName: 'Alice G.', avatarUrl: 'https://img.example/a.png', bio: 'Grows beans.' });
      const kept = await forum.ok(UPDATE, { input: { bio: null } }, token);
      expect(kept.updateProfile).toMatchObject({ displayName: 'Alice G.', avatarUrl: 'https://img.example/a.png', bio: 'Grows beans.' });
      const cleared = await forum.ok(UPDATE, { input: { bio: '', avatarUrl: '' } }, token);
      expect(cleared.updateProfile).toMatchObject({ displayName: 'Alice G.', avatarUrl: null, bio: null });
      await forum.ok(UPDATE, { input: { displayName: 'alice' } }, token);
    });

    it('updateProfile refuses bad input with BAD_USER_INPUT and changes nothing', async () => {
      const { forum, seed } = s;
      const token = seed.bob.token;
      await forum.ok(UPDATE, { input: { bio: 'Before' } }, token);
      for (const input of [
        { avatarUrl: 'http://img.example/b.png' }, { avatarUrl: 'javascript:alert(1)' }, { avatarUrl: 'not a url' },
        { avatarUrl: `https://img.example/${'x'.repeat(500)}` }, { bio: 'b'.repeat(2001) }, { displayName: '   ' },
        { displayName: 'd'.repeat(65) }, { bio: 'nul\u0000byte' }, { displayName: 'Fine', avatarUrl: 'ftp://x.example/a' },
      ]) {
        expect(await forum.code(UPDATE, { input }, token), JSON.stringify(input).slice(0, 80)).toBe('BAD_USER_INPUT');
      }
      const me = await forum.ok(`{ viewer { displayName bio avatarUrl } }`, {}, token);
      expect(me.viewer).toEqual({ displayName: 'bob', bio: 'Before', avatarUrl: null });
      expect((await forum.ok(UPDATE, { input: { bio: 'b'.repeat(2000) } }, token)).updateProfile.bio).toHaveLength(2000);
    });

    it('updateProfile needs a signed-in user', async () => {
      expect(await s.forum.code(UPDATE, { input: { bio: 'x' } })).toBe('UNAUTHENTICATED');
    });
  });
}

const PROFILE = `query($u: String!, $first: Int! = 20, $after: String) {
  user(username: $u) {
    id username displayName bio threadCount postCount isSuspended suspendedUntil
    threads(first: $first, after: $after) { totalCount nodes { slug title } pageInfo { hasNextPage endCursor } }
    posts(first: $first, after: $after) { totalCount nodes { id body thread { slug } author { username } } pageInfo { hasNextPage endCursor } }
  }
}`;

export function defineProfilesSuite(db: DbKind, cache: CacheKind) {
  describe(`profiles on ${db} + ${cache} cache`, () => {
    const s = seededForum({ db, cache });
    const profile = async (u: string, extra: Record<string, unknown> = {}) => (await s.forum.ok(PROFILE, { u, ...extra })).user;
    const post = (token: string, slug: string, body: string) =>
      s.forum.ok(`mutation($s: String!, $b: String!) { createPost(input: { threadSlug: $s, body: $b }) { id } }`, { s: slug, b: body }, token)
        .then((d) => d.createPost.id as string);
    const thread = (token: string, title: string) =>
      s.forum.ok(`mutation($t: String!) { createThread(input: { categorySlug: "garden", title: $t, body: "Opening words" }) { slug } }`, { t: title }, token)
        .then((d) => d.createThread.slug as string);

    it('user(username) ignores case and is null for a name no one has', async () => {
      expect((await profile('ALICE')).username).toBe('alice');
      expect(await profile('nobody-here')).toBeNull();
      expect(await profile('bad name!')).toBeNull();
    });

    it("lists a user's live threads and posts newest first, with counts, pages and fresh after every change", async () => {
      const { forum, seed } = s;
      const other = await thread(seed.alice.token, 'Alice hosts');
      expect(await profile('bob')).toMatchObject({ threadCount: 0, postCount: 0, threads: { totalCount: 0, nodes: [] } });
      const mine = [await thread(seed.bob.token, 'Bob one'), await thread(seed.bob.token, 'Bob two')];
      const replies = [await post(seed.bob.token, other, 'first reply'), await post(seed.bob.token, other, 'second reply')];
      let p = await profile('bob');
      expect(p.threads.nodes.map((n: any) => n.slug)).toEqual([mine[1], mine[0]]);
      expect(p.threadCount).toBe(2);
      expect(p.postCount).toBe(4); // two opening posts and two replies
      expect(p.posts.nodes.map((n: any) => n.body)).toEqual(['second reply', 'first reply', 'Opening words', 'Opening words']);
      expect(p.posts.nodes[0]).toMatchObject({ thread: { slug: other }, author: { username: 'bob' } });
      // Pages of two: keyset cursors, no repeats.
      const page1 = await profile('bob', { first: 2 });
      expect(page1.posts.pageInfo.hasNextPage).toBe(true);
      // The threads cursor is bound to the threads list: using it on posts is refused.
      expect(await forum.code(`query($c: String) { user(username: "bob") { posts(after: $c) { totalCount } } }`,
        { c: page1.threads.pageInfo.endCursor })).toBe('BAD_USER_INPUT');
      const postsPage2 = (await forum.ok(`query($c: String) { user(username: "bob") { posts(first: 2, after: $c) { nodes { body } pageInfo { hasNextPage } } } }`,
        { c: page1.posts.pageInfo.endCursor })).user.posts;
      expect(postsPage2.nodes.map((n: any) => n.body)).toEqual(['Opening words', 'Opening words']);
      expect(postsPage2.pageInfo.hasNextPage).toBe(false);
      // Edit, delete, and a moderator deleting a thread Bob replied in: each shows on the next read.
      await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "edited reply") { id } }`, { id: replies[0] }, seed.bob.token);
      expect((await profile('bob')).posts.nodes[1].body).toBe('edited reply');
      await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: replies[1] }, seed.moderator.token);
      p = await profile('bob');
      expect(p.postCount).toBe(3);
      expect(p.posts.nodes.map((n: any) => n.body)).not.toContain('second reply');
      await forum.ok(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: other }, seed.moderator.token);
      p = await profile('bob');
      expect(p.postCount).toBe(2);
      expect(p.posts.nodes.map((n: any) => n.body)).toEqual(['Opening words', 'Opening words']);
      await forum.ok(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: mine[1] }, seed.bob.token);
      p = await profile('bob');
      expect(p).toMatchObject({ threadCount: 1, postCount: 1, threads: { totalCount: 1 } });
      expect(p.threads.nodes.map((n: any) => n.slug)).toEqual([mine[0]]);
      // A rename and a bio show on the profile's next read.
      await forum.ok(UPDATE, { input: { displayName: 'Bobby', bio: 'Ferns.' } }, seed.bob.token);
      expect(await profile('bob')).toMatchObject({ displayName: 'Bobby', bio: 'Ferns.' });
      await forum.ok(UPDATE, { input: { displayName: 'bob', bio: '' } }, seed.bob.token);
    });

    it('a new account is found by a lookup that found nothing before', async () => {
      expect(await profile('carol')).toBeNull();
      await s.forum.ok(`mutation { register(username: "Carol", password: "correct-horse-battery") { token } }`);
      expect((await profile('carol')).username).toBe('Carol');
    });

    it('refuses first outside 1 to 100 on user lists', async () => {
      expect(await s.forum.code(`{ user(username: "alice") { threads(first: 0) { totalCount } } }`)).toBe('BAD_USER_INPUT');
      expect(await s.forum.code(`{ user(username: "alice") { posts(first: 101) { totalCount } } }`)).toBe('BAD_USER_INPUT');
    });
  });
}
