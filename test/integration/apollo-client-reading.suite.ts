// Apollo Client reading a long thread the way a thread page does: the last page first, then `before` each page's
// startCursor, merged into one list by a type policy; and a Relay-style refetch through node(id:) that updates the
// normalized cache entry (`__typename:id`) every watched query reads.
import { ApolloClient, HttpLink, InMemoryCache, gql, type FieldPolicy, type Reference } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';

const PAGE = 10;
const REPLIES = 34; // with the opening post: 35 posts, so three full pages and a short first one

interface PostsPage { edges: { cursor: string; node: Reference }[]; pageInfo: Record<string, unknown>; totalCount: number }

/**
 * Thread.posts as one list per thread (keyArgs: false: the paging args do not split the cache field). A `before` page
 * goes in front of what is held, an `after` page behind it, a page with neither replaces it. pageInfo keeps both ends:
 * hasPreviousPage/startCursor from the earliest page, hasNextPage/endCursor from the latest.
 */
const threadPosts: FieldPolicy<PostsPage> = {
  keyArgs: false,
  merge(existing, incoming, { args }) {
    if (!existing || (!args?.before && !args?.after)) return incoming;
    const held = new Set(existing.edges.map((e) => e.cursor));
    const fresh = incoming.edges.filter((e) => !held.has(e.cursor));
    if (args.before) {
      return { ...incoming, edges: [...fresh, ...existing.edges],
        pageInfo: { ...existing.pageInfo, hasPreviousPage: incoming.pageInfo.hasPreviousPage, startCursor: incoming.pageInfo.startCursor } };
    }
    return { ...incoming, edges: [...existing.edges, ...fresh],
      pageInfo: { ...existing.pageInfo, hasNextPage: incoming.pageInfo.hasNextPage, endCursor: incoming.pageInfo.endCursor } };
  },
};

const THREAD_TAIL = gql`query ThreadTail($slug: String!, $last: Int, $before: String) {
  thread(slug: $slug) {
    id title postCount
    posts(last: $last, before: $before) {
      totalCount
      pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
      edges { cursor node { id number body } }
    }
  }
}`;
const REFETCH = gql`query Refetch($id: ID!) {
  node(id: $id) { id ... on Post { number body editedAt } ... on Thread { title postCount } }
}`;

export function defineApolloReadingSuite(db: DbKind, cache: CacheKind) {
  describe(`Apollo Client reading a long thread backwards on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    let client: ApolloClient;
    let thread: { id: string; slug: string; firstPostId: string };
    const postIds: string[] = []; // thread order

    beforeAll(async () => {
      forum = await startForum({ db, cache });
      seed = await seedForum(forum);
      thread = await createThread(forum, seed.alice.token, { title: 'A long thread' });
      postIds.push(thread.firstPostId);
      for (let i = 1; i <= REPLIES; i++) {
        postIds.push(await createPost(forum, i % 2 ? seed.bob.token : seed.alice.token, thread.slug, `Reply ${i}`));
      }
      client = new ApolloClient({
        link: new HttpLink({ uri: forum.url }),
        cache: new InMemoryCache({
          possibleTypes: { Node: ['Category', 'Post', 'Thread', 'User'] },
          typePolicies: { Thread: { fields: { posts: threadPosts } } },
        }),
      });
    }, 120_000);
    afterAll(async () => {
      client?.stop();
      await forum?.close();
    });

    const entries = () => client.cache.extract() as Record<string, any>;
    const cachedThread = () => entries()[`Thread:${thread.id}`];
    const cachedPostIds = () => (cachedThread().posts.edges as { node: Reference }[]).map((e) => e.node.__ref);

    it('reads the last page, then before each startCursor, and the cache holds every post once, in thread order', async () => {
      const page = client.watchQuery({ query: THREAD_TAIL, variables: { slug: thread.slug, last: PAGE } });
      const watching = page.subscribe(() => {});
      await expect.poll(() => (page.getCurrentResult().data as any)?.thread?.posts.edges.length).toBe(PAGE);
      const numbers = () => (page.getCurrentResult().data as any).thread.posts.edges.map((e: any) => e.node.number);
      expect(numbers()).toEqual([26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
      expect((page.getCurrentResult().data as any).thread.posts.pageInfo.hasPreviousPage).toBe(true);

      let pages = 1;
      while ((page.getCurrentResult().data as any).thread.posts.pageInfo.hasPreviousPage) {
        const before = (page.getCurrentResult().data as any).thread.posts.pageInfo.startCursor as string;
        const more = await page.fetchMore({ variables: { last: PAGE, before } });
        const got = (more.data as any).thread.posts;
        expect(got.edges.length).toBeLessThanOrEqual(PAGE); // each request is one page, not the whole thread
        pages++;
        // The watched page re-reads the merged field: the fetched page now leads it.
        await expect.poll(() => numbers()[0]).toBe(got.edges[0].node.number);
        expect(pages).toBeLessThanOrEqual(4);
      }
      expect(pages).toBe(4);

      // What the page shows and what the normalized cache holds: every post once, oldest first.
      expect(numbers()).toEqual(Array.from({ length: REPLIES + 1 }, (_, i) => i + 1));
      expect(cachedPostIds()).toEqual(postIds.map((id) => `Post:${id}`));
      expect(postIds.map((id) => entries()[`Post:${id}`].body)).toEqual(['Opening post body', ...Array.from({ length: REPLIES }, (_, i) => `Reply ${i + 1}`)]);
      const info = cachedThread().posts.pageInfo;
      expect(info.hasPreviousPage).toBe(false);
      expect(info.hasNextPage).toBe(false);
      watching.unsubscribe();
    });

    it('a node(id:) refetch updates the Post and Thread entries by __typename:id, and the thread page shows it', async () => {
      const page = client.watchQuery({ query: THREAD_TAIL, variables: { slug: thread.slug, last: PAGE } });
      const watching = page.subscribe(() => {});
      await expect.poll(() => (page.getCurrentResult().data as any)?.thread?.posts.edges.length).toBeGreaterThan(0);
      const shown = () => (page.getCurrentResult().data as any).thread;

      // Another client edits a post near the end and replies; this client has not heard of either.
      const target = postIds[postIds.length - 3];
      await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "Edited elsewhere") { id } }`, { id: target }, seed.moderator.token);
      await createPost(forum, seed.bob.token, thread.slug, 'One more');
      expect(entries()[`Post:${target}`]).toMatchObject({ body: `Reply ${REPLIES - 2}` });

      const post = await client.query({ query: REFETCH, variables: { id: target }, fetchPolicy: 'network-only' });
      expect(post.data).toMatchObject({ node: { __typename: 'Post', id: target, number: REPLIES - 1, body: 'Edited elsewhere' } });
      expect(entries()[`Post:${target}`]).toMatchObject({ __typename: 'Post', id: target, body: 'Edited elsewhere' });
      expect(entries()[`Post:${target}`].editedAt).not.toBeNull();
      await expect.poll(() => shown().posts.edges.find((e: any) => e.node.id === target)?.node.body).toBe('Edited elsewhere');

      const refetched = await client.query({ query: REFETCH, variables: { id: thread.id }, fetchPolicy: 'network-only' });
      expect(refetched.data).toMatchObject({ node: { __typename: 'Thread', id: thread.id, title: 'A long thread', postCount: REPLIES + 2 } });
      expect(cachedThread()).toMatchObject({ __typename: 'Thread', id: thread.id, postCount: REPLIES + 2 });
      await expect.poll(() => shown().postCount).toBe(REPLIES + 2);

      // An id that names nothing live any more: null.
      await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: postIds[5] }, seed.moderator.token);
      const gone = await client.query({ query: REFETCH, variables: { id: postIds[5] }, fetchPolicy: 'network-only' });
      expect(gone.data).toEqual({ node: null });
      watching.unsubscribe();
    });
  });
}
