// Global ids (docs/api.md, "Global ids"): every id names its type and row; node(id) and nodes(ids) fetch any object
// again by it, through the same entries as the typed queries; numeric ids keep working where the type is fixed.
import { describe, expect, it } from 'vitest';
import type { CacheKind, DbKind } from '../support/forum.js';
import { createPost, createThread, rowId } from '../support/seed.js';
import { DELETE_POST, seededForum } from './api-helpers.js';

const NODE = `query($id: ID!) { node(id: $id) {
  __typename id
  ... on Thread { slug title answer { id } }
  ... on Post { number body thread { slug } }
  ... on Category { slug name }
  ... on User { username }
} }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Thread { slug } ... on Post { body } } }`;
const EDIT = `mutation($id: ID!, $b: String!) { editPost(id: $id, body: $b) { id body } }`;
const UPDATE_THREAD = `mutation($slug: String!, $t: String!) { updateThread(slug: $slug, input: { title: $t }) { id title } }`;

const decoded = (id: string) => Buffer.from(id, 'base64url').toString('utf8');
const globalId = (type: string, row: number | string) => Buffer.from(`${type}:${row}`).toString('base64url');

export function defineNodeIdsSuite(db: DbKind, cache: CacheKind) {
  describe(`global ids, node and nodes (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    it('every id names its type and row, and node(id) fetches each type again with the typed query\'s data', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Ids for every type', body: 'Opening' });
      const reply = await createPost(forum, seed.bob.token, t.slug, 'A reply with an id');
      const { thread } = await forum.ok(`query($s: String!) { thread(slug: $s) { id author { id } category { id slug } } }`, { s: t.slug });
      expect(decoded(thread.id)).toMatch(/^Thread:\d+$/);
      expect(decoded(reply)).toMatch(/^Post:\d+$/);
      expect(decoded(thread.author.id)).toMatch(/^User:\d+$/);
      expect(decoded(thread.category.id)).toMatch(/^Category:\d+$/);
      expect((await forum.ok(NODE, { id: thread.id })).node).toEqual({
        __typename: 'Thread', id: thread.id, slug: t.slug, title: 'Ids for every type', answer: null,
      });
      expect((await forum.ok(NODE, { id: reply })).node).toEqual({
        __typename: 'Post', id: reply, number: 2, body: 'A reply with an id', thread: { slug: t.slug },
      });
      expect((await forum.ok(NODE, { id: thread.category.id })).node).toEqual({
        __typename: 'Category', id: thread.category.id, slug: 'garden', name: 'Garden',
      });
      expect((await forum.ok(NODE, { id: thread.author.id })).node).toEqual({ __typename: 'User', id: thread.author.id, username: 'alice' });
    });

    it('node answers null for deleted, unknown, malformed and numeric ids, and for a type it does not have', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Soon gone', body: 'Opening' });
      const reply = await createPost(forum, seed.bob.token, t.slug, 'Soon deleted');
      expect((await forum.ok(NODE, { id: reply })).node).not.toBeNull(); // cached before the delete
      await forum.ok(DELETE_POST, { id: reply }, seed.bob.token);
      expect((await forum.ok(NODE, { id: t.id })).node).not.toBeNull();
      await forum.ok(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: t.slug }, seed.alice.token);
      const ids = [reply, t.id, String(rowId(reply)), globalId('Post', 2147483647), globalId('Report', 1), globalId('Post', 0),
        globalId('Post', '01'), `${globalId('Post', 1)}=`, 'not an id', '', 'x'.repeat(200)];
      for (const id of ids) expect((await forum.ok(NODE, { id })).node, id).toBeNull();
    });

    it('nodes answers one value per id, in order, null for each absent one, and takes at most 100 ids', async () => {
      const { forum, seed } = s;
      const a = await createThread(forum, seed.alice.token, { title: 'First of many' });
      const b = await createThread(forum, seed.bob.token, { title: 'Second of many' });
      const { nodes } = await forum.ok(NODES, { ids: [b.id, 'nope', a.firstPostId, a.id, b.id] });
      expect(nodes).toEqual([
        { __typename: 'Thread', id: b.id, slug: b.slug }, null, { __typename: 'Post', id: a.firstPostId, body: 'Opening post body' },
        { __typename: 'Thread', id: a.id, slug: a.slug }, { __typename: 'Thread', id: b.id, slug: b.slug },
      ]);
      expect((await forum.ok(NODES, { ids: [] })).nodes).toEqual([]);
      expect((await forum.ok(NODES, { ids: Array(100).fill(a.id) })).nodes).toHaveLength(100);
      expect(await forum.code(NODES, { ids: Array(101).fill(a.id) })).toBe('BAD_USER_INPUT');
    });

    it('the query cost limit counts what node and nodes select on each type, nodes once per id', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Costly nodes' });
      const deep = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Thread { posts(first: 100) { nodes { id body number author { username } } } } } }`;
      expect(await forum.code(deep, { ids: [t.id] })).toBe('GRAPHQL_VALIDATION_FAILED');
      const literal = (n: number) => `{ nodes(ids: [${Array(n).fill(JSON.stringify(t.id)).join(', ')}]) { id ... on Thread { posts(first: 100) { nodes { id body } } } } }`;
      expect((await forum.ok(literal(2))).nodes).toHaveLength(2);
      expect(await forum.code(literal(100))).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await forum.code(`query($id: ID!) { node(id: $id) { ... on Thread { posts(first: 100) { nodes { id
        replyTo { author { username } thread { title posts(first: 100) { nodes { id } } } } } } } } }`, { id: t.id })).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('node reads are fresh after a mutation, as the typed queries are', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Before the rename' });
      expect((await forum.ok(NODE, { id: t.id })).node.title).toBe('Before the rename');
      await forum.ok(UPDATE_THREAD, { slug: t.slug, t: 'After the rename' }, seed.alice.token);
      expect((await forum.ok(NODE, { id: t.id })).node.title).toBe('After the rename');
    });

    it('an account registered after its id was asked for is found by node', async () => {
      const { forum } = s;
      // The next account takes the next id of the sequence after the seed's accounts.
      const { admin, moderator, alice, bob } = s.seed;
      const next = globalId('User', Math.max(...[admin, moderator, alice, bob].map((a) => rowId(a.id))) + 1);
      expect((await forum.ok(NODE, { id: next })).node).toBeNull();
      const r = await forum.ok(`mutation { register(username: "latecomer", password: "correct-horse-battery") { user { id } } }`);
      expect(r.register.user.id).toBe(next);
      expect((await forum.ok(NODE, { id: next })).node).toMatchObject({ __typename: 'User', id: next });
    });

    it('arguments of a fixed type take global ids and, deprecated, the numeric ids issued before', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Numeric ids still work' });
      const numeric = String(rowId(t.firstPostId));
      expect((await forum.ok(`query($id: ID!) { post(id: $id) { id } }`, { id: numeric })).post.id).toBe(t.firstPostId);
      expect((await forum.ok(EDIT, { id: numeric, b: 'Edited by number' }, seed.alice.token)).editPost)
        .toEqual({ id: t.firstPostId, body: 'Edited by number' });
      expect((await forum.ok(EDIT, { id: t.firstPostId, b: 'Edited by global id' }, seed.alice.token)).editPost.body).toBe('Edited by global id');
      // A global id of another type names no post: NOT_FOUND in a mutation, null in a query.
      expect(await forum.code(EDIT, { id: t.id, b: 'x' }, seed.alice.token)).toBe('NOT_FOUND');
      expect((await forum.ok(`query($id: ID!) { post(id: $id) { id } }`, { id: t.id })).post).toBeNull();
    });
  });
}
