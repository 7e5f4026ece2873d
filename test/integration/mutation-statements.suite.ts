// What a write costs in SQL round trips, as the benchmark's writers send them (bench/lib/queries.ts): each statement
// is a round trip to PostgreSQL while the thread's row is locked, so a forum's write throughput and every other
// request's latency depend on it. Bounded here so a new feature cannot add round trips unnoticed.
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../support/forum.js';
import { createThread } from '../support/seed.js';
import { DELETE_POST, DELETE_THREAD, seededForum, UPDATE_THREAD } from './api-helpers.js';

const CREATE_POST = `mutation($input: CreatePostInput!) {
  createPost(input: $input) { id body createdAt author { id username } thread { id postCount lastActivityAt } }
}`;
const TOGGLE_REACTION = `mutation($postId: ID!, $type: ReactionType!) { toggleReaction(postId: $postId, type: $type) { id reactionCounts { like helpful love } } }`;
const EDIT_POST = `mutation($id: ID!, $body: String!) { editPost(id: $id, body: $body) { id body editedAt } }`;
const CREATE_THREAD = `mutation($input: CreateThreadInput!) { createThread(input: $input) { id slug posts { nodes { id } } } }`;

export function defineMutationStatementsSuite(db: DbKind) {
  describe(`SQL statements of a write (${db}, cache on)`, () => {
    const s = seededForum({ db });

    const statements = async (query: string, variables: Record<string, unknown>, token: string) => {
      const before = await s.forum.dbQueries();
      const data = await s.forum.ok(query, variables, token);
      return { data, statements: (await s.forum.dbQueries()) - before };
    };

    /** The statements of a reply, a reaction and an edit in a thread of `posts` posts. */
    const writeCosts = async (posts: number) => {
      const { forum, seed } = s;
      const { slug } = await createThread(forum, seed.alice.token, { categorySlug: 'garden', title: `A thread of ${posts} posts` });
      for (let i = 1; i < posts; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, posts - i) }, (_, j) =>
          forum.ok(CREATE_POST, { input: { threadSlug: slug, body: `Reply ${i + j}` } }, seed.moderator.token)));
      }
      // Authors come from their own cached entries: the first page to show bob fills his, as any read of him would.
      await forum.ok('{ user(username: "bob") { id username } }');
      // Writers are signed in and have sent requests before: their sessions are cached (src/services/session-lookup.ts).
      for (const token of [seed.bob.token, seed.alice.token]) await forum.ok('{ categories { slug } }', {}, token);
      const reply = await statements(CREATE_POST, { input: { threadSlug: slug, body: 'A reply' } }, seed.bob.token);
      expect(reply.data.createPost.thread.postCount).toBe(posts + 1);
      const reaction = await statements(TOGGLE_REACTION, { postId: reply.data.createPost.id, type: 'LIKE' }, seed.alice.token);
      expect(reaction.data.toggleReaction.reactionCounts.like).toBe(1);
      const edit = await statements(EDIT_POST, { id: reply.data.createPost.id, body: 'Edited' }, seed.bob.token);
      expect(edit.data.editPost.body).toBe('Edited');
      return { reply: reply.statements, reaction: reaction.statements, edit: edit.statements };
    };

    it('a reply costs at most 7 statements, a reaction and an edit 5, as many in a long thread as in a short one', async () => {
      const short = await writeCosts(2);
      const long = await writeCosts(60);
      expect(long).toEqual(short);
      // The locks, the write, the thread's stats (with its category's slug), the outbox row with the live positions,
      // the outbox row's delete, and the response's reads; the session comes from the cache. A reaction and an edit
      // read their post with its thread in one statement, and a toggle is one statement whichever way it goes.
      expect(short.reply).toBeLessThanOrEqual(7);
      expect(short.reaction).toBeLessThanOrEqual(5);
      expect(short.edit).toBeLessThanOrEqual(5);
    });

    it("the writes that change a category's counts keep them without a statement of their own", async () => {
      const { forum, seed } = s;
      for (const token of [seed.bob.token, seed.alice.token, seed.moderator.token]) await forum.ok('{ categories { slug } }', {}, token);
      await createThread(forum, seed.alice.token, { categorySlug: 'garden', title: 'A first thread, for the sessions' });
      const created = await statements(CREATE_THREAD, { input: { categorySlug: 'garden', title: 'Counted', body: 'Opening' } }, seed.alice.token);
      const thread = { slug: created.data.createThread.slug as string };
      const reply = await statements(CREATE_POST, { input: { threadSlug: thread.slug, body: 'A reply' } }, seed.bob.token);
      await statements(CREATE_POST, { input: { threadSlug: thread.slug, body: 'Another' } }, seed.bob.token);
      const deletion = await statements(DELETE_POST, { id: reply.data.createPost.id }, seed.bob.token);
      const move = await statements(UPDATE_THREAD, { slug: thread.slug, input: { categorySlug: 'indoor' } }, seed.moderator.token);
      expect(move.data.updateThread.category.slug).toBe('indoor');
      const removal = await statements(DELETE_THREAD, { slug: thread.slug }, seed.alice.token);
      // As many as before the counters (measured on both sides of the change, cache on): each write's counter
      // update rides in a statement it already sent (src/data/category-counts.ts).
      expect({
        createThread: created.statements, deletePost: deletion.statements, move: move.statements, deleteThread: removal.statements,
      }).toEqual({ createThread: 7, deletePost: 7, move: 9, deleteThread: 7 });
    });
  });
}
