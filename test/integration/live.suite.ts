// Subscriptions through a real graphql-ws client: what each mutation announces, in order, only after commit, with
// viewer fields per subscriber.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { connect, listening, type LiveClient } from '../support/live-client.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';
import { executionCount } from '../../src/live/shared-execution.js';

export const THREAD_ACTIVITY = `subscription($slug: String!) {
  threadActivity(slug: $slug) {
    kind threadSlug postId
    thread { title isLocked isPinned tags postCount reactionCounts { like } category { slug } }
    post { id body author { username } reactionCounts { like } viewerReactions }
  }
}`;
export const CATEGORY_ACTIVITY = `subscription($slug: String!) {
  categoryActivity(slug: $slug) { kind categorySlug threadSlug thread { title } }
}`;

const kinds = (events: any[], field = 'threadActivity') => events.map((e) => e.data[field].kind);

export function defineLiveSuite(db: DbKind, cache: CacheKind) {
  describe(`subscriptions on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    const clients: LiveClient[] = [];
    const open = (token?: string) => {
      const client = connect(forum, token);
      clients.push(client);
      return client;
    };
    beforeAll(async () => {
      forum = await startForum({ db, cache });
      seed = await seedForum(forum);
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await forum?.close();
    });

    const mutate = (query: string, variables: Record<string, unknown>, token: string) => forum.ok(query, variables, token);

    it('announces every kind of change on a thread, in the order the changes were made', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Live tomatoes' });
      const sub = open(seed.alice.token).subscribe(THREAD_ACTIVITY, { slug: t.slug });
      await listening(forum, `thread:${t.slug}`);

      // A payload shows the state when it is delivered: each change waits for the previous event, so each payload
      // shows its own change (the order of events sent in a burst is checked in the category test).
      const reply = await createPost(forum, seed.bob.token, t.slug, 'First reply');
      await sub.take(1);
      await mutate(`mutation($id: ID!) { editPost(id: $id, body: "Edited reply") { id } }`, { id: reply }, seed.bob.token);
      await sub.take(2);
      await mutate(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: reply }, seed.alice.token);
      await sub.take(3);
      const update = `mutation($s: String!, $i: UpdateThreadInput!) { updateThread(slug: $s, input: $i) { id } }`;
      await mutate(update, { s: t.slug, i: { title: 'Live tomatoes, renamed' } }, seed.alice.token);
      await sub.take(4);
      await mutate(update, { s: t.slug, i: { tags: ['heirloom'] } }, seed.alice.token);
      await sub.take(5);
      await mutate(update, { s: t.slug, i: { isPinned: true } }, seed.moderator.token);
      await sub.take(6);
      await mutate(update, { s: t.slug, i: { isLocked: true } }, seed.moderator.token);
      await sub.take(7);
      await mutate(update, { s: t.slug, i: { isLocked: false, isPinned: false } }, seed.moderator.token);
      await sub.take(9);
      await mutate(update, { s: t.slug, i: { categorySlug: 'indoor' } }, seed.moderator.token);
      await sub.take(10);
      await mutate(`mutation($id: ID!) { deletePost(id: $id) }`, { id: reply }, seed.bob.token);
      await sub.take(11);
      await mutate(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: t.slug }, seed.alice.token);
      await sub.take(12);
      const events = await sub.take(12);
      // One update changing pin and lock announces both, in the order of the thread's fields.
      expect(kinds(events)).toEqual([
        'POST_ADDED', 'POST_EDITED', 'REACTIONS_CHANGED', 'THREAD_RETITLED', 'THREAD_RETAGGED', 'THREAD_PINNED',
        'THREAD_LOCKED', 'THREAD_UNPINNED', 'THREAD_UNLOCKED', 'THREAD_MOVED', 'POST_DELETED', 'THREAD_DELETED',
      ]);
      const [added, edited, reacted] = events.map((e) => e.data.threadActivity);
      expect(added.postId).toBe(reply);
      expect(added.post).toMatchObject({ id: reply, author: { username: 'bob' } });
      expect(added.thread.postCount).toBeGreaterThanOrEqual(2);
      expect(edited.post.id).toBe(reply);
      expect(reacted.post.reactionCounts.like).toBe(1);
      expect(reacted.post.viewerReactions).toEqual(['LIKE']);
      const moved = events[9].data.threadActivity;
      expect(moved.thread.category.slug).toBe('indoor');
      const deletedPost = events[10].data.threadActivity;
      expect(deletedPost).toMatchObject({ postId: reply, post: null });
      expect(events[11].data.threadActivity).toMatchObject({ kind: 'THREAD_DELETED', thread: null });
      await new Promise((r) => setTimeout(r, 50));
      expect(sub.events).toHaveLength(12);
    });

    it("announces a category's new, moved-in, moved-out and deleted threads", async () => {
      const client = open();
      const garden = client.subscribe(CATEGORY_ACTIVITY, { slug: 'garden' });
      const indoor = client.subscribe(CATEGORY_ACTIVITY, { slug: 'indoor' });
      await listening(forum, 'category:garden');
      await listening(forum, 'category:indoor');
      const t = await createThread(forum, seed.alice.token, { title: 'Moving soon' });
      await garden.take(1); // payloads show the state when delivered: one change at a time
      await mutate(`mutation($s: String!) { updateThread(slug: $s, input: { categorySlug: "indoor" }) { id } }`, { s: t.slug }, seed.moderator.token);
      await Promise.all([garden.take(2), indoor.take(1)]);
      await mutate(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: t.slug }, seed.alice.token);
      const g = (await garden.take(2)).map((e) => e.data.categoryActivity);
      const i = (await indoor.take(2)).map((e) => e.data.categoryActivity);
      expect(g).toEqual([
        { kind: 'THREAD_CREATED', categorySlug: 'garden', threadSlug: t.slug, thread: { title: 'Moving soon' } },
        { kind: 'THREAD_MOVED_OUT', categorySlug: 'garden', threadSlug: t.slug, thread: { title: 'Moving soon' } },
      ]);
      expect(i).toEqual([
        { kind: 'THREAD_MOVED_IN', categorySlug: 'indoor', threadSlug: t.slug, thread: { title: 'Moving soon' } },
        { kind: 'THREAD_DELETED', categorySlug: 'indoor', threadSlug: t.slug, thread: null },
      ]);
    });

    it('delivers the events of mutations made one after another in the order they committed', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Rapid replies' });
      const sub = open().subscribe(`subscription($slug: String!) { threadActivity(slug: $slug) { kind postId } }`, { slug: t.slug });
      await listening(forum, `thread:${t.slug}`);
      const replies: string[] = [];
      for (let i = 0; i < 15; i++) replies.push(await createPost(forum, i % 2 ? seed.bob.token : seed.alice.token, t.slug, `Reply ${i}`));
      const events = await sub.take(15);
      expect(events.map((e) => e.data.threadActivity.postId)).toEqual(replies);
    });

    it('sends nothing for a mutation that rolled back', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Rollback watch' });
      const sub = open().subscribe(THREAD_ACTIVITY, { slug: t.slug });
      await listening(forum, `thread:${t.slug}`);
      // Refused inside its transaction, after it locked the thread: the first post cannot be deleted.
      const refused = await forum.code(`mutation($id: ID!) { deletePost(id: $id) }`, { id: t.firstPostId }, seed.alice.token);
      expect(refused).toBe('BAD_USER_INPUT');
      await mutate(`mutation($s: String!) { updateThread(slug: $s, input: { isLocked: true }) { id } }`, { s: t.slug }, seed.moderator.token);
      // Refused inside its transaction: the thread is locked and bob is no moderator.
      expect(await forum.code(`mutation($s: String!) { createPost(input: { threadSlug: $s, body: "late" }) { id } }`, { s: t.slug }, seed.bob.token))
        .toBe('FORBIDDEN');
      const reply = await createPost(forum, seed.moderator.token, t.slug, 'Moderator note');
      const events = await sub.take(2);
      expect(kinds(events)).toEqual(['THREAD_LOCKED', 'POST_ADDED']);
      expect(events[1].data.threadActivity.postId).toBe(reply);
      await new Promise((r) => setTimeout(r, 100));
      expect(sub.events).toHaveLength(2);
    });

    it("resolves viewer fields for each subscriber: each sees their own reactions", async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Whose like' });
      const reply = await createPost(forum, seed.bob.token, t.slug);
      const asAlice = open(seed.alice.token).subscribe(THREAD_ACTIVITY, { slug: t.slug });
      const asBob = open(seed.bob.token).subscribe(THREAD_ACTIVITY, { slug: t.slug });
      const anonymous = open().subscribe(THREAD_ACTIVITY, { slug: t.slug });
      await listening(forum, `thread:${t.slug}`, 3);
      await mutate(`mutation($id: ID!) { setReaction(postId: $id, type: LIKE, active: true) { id } }`, { id: reply }, seed.alice.token);
      // A payload shows the post as it is when delivered: let every subscriber have the first before the second change.
      await Promise.all([asAlice, asBob, anonymous].map((sub) => sub.take(1)));
      await mutate(`mutation($id: ID!) { setReaction(postId: $id, type: HELPFUL, active: true) { id } }`, { id: reply }, seed.bob.token);
      const seen = async (sub: typeof asAlice) => (await sub.take(2)).map((e) => e.data.threadActivity.post.viewerReactions);
      expect(await seen(asAlice)).toEqual([['LIKE'], ['LIKE']]);
      expect(await seen(asBob)).toEqual([[], ['HELPFUL']]);
      expect(await seen(anonymous)).toEqual([[], []]);
    });

    it('executes an event once for every anonymous subscriber asking the same thing, and apart for a signed-in one', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Many readers' });
      const anonymous = Array.from({ length: 5 }, () => open().subscribe(THREAD_ACTIVITY, { slug: t.slug }));
      const signedIn = open(seed.bob.token).subscribe(THREAD_ACTIVITY, { slug: t.slug });
      await listening(forum, `thread:${t.slug}`, 6);
      const before = executionCount();
      const reply = await createPost(forum, seed.bob.token, t.slug, 'Hello, readers');
      const events = await Promise.all([...anonymous, signedIn].map((sub) => sub.take(1)));
      for (const [event] of events) expect(event.data.threadActivity).toMatchObject({ kind: 'POST_ADDED', postId: reply });
      expect(new Set(events.map(([e]) => JSON.stringify(e))).size).toBe(1); // the same payload for all six
      expect(executionCount() - before).toBe(2); // one for the five anonymous readers, one for bob
    });

    it('answers a subscription to a slug that names nothing with NOT_FOUND', async () => {
      const sub = open().subscribe(THREAD_ACTIVITY, { slug: 'no-such-thread' });
      await expect.poll(() => sub.completed).toBe(true);
      const errors = sub.errors ?? sub.events[0]?.errors;
      expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });
}
