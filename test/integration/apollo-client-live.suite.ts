// The README's Apollo Client recipe, run against the server: a page rendered with its liveCursor (watchQuery), then
// subscribeToMore `after` that cursor through GraphQLWsLink. Replies committed between the render and the subscription
// must show on the page, then live ones, edits through the normalized cache, and nothing twice.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import { wsUrl } from '../support/live-client.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';

const THREAD_PAGE = gql`query ThreadPage($slug: String!) {
  thread(slug: $slug) { id liveCursor title postCount posts(first: 50) { nodes { id body } } }
}`;
const THREAD_ACTIVITY = gql`subscription ThreadActivity($slug: String!, $after: String) {
  threadActivity(slug: $slug, after: $after) { kind position postId post { id body } thread { id title postCount } }
}`;

export function defineApolloClientSuite(db: DbKind, cache: CacheKind, servers: 1 | 2) {
  describe(`Apollo Client's subscribeToMore after liveCursor on ${db} + ${cache} cache, ${servers} server(s)`, () => {
    let render: TestForum;
    let live: TestForum;
    let seed: Seeded;
    let client: ApolloClient;
    beforeAll(async () => {
      render = await startForum({ db, cache });
      live = servers === 2 ? await startForum({ db, cache, shareWith: render }) : render;
      seed = await seedForum(render);
      const http = new HttpLink({ uri: render.url });
      const ws = new GraphQLWsLink(createClient({ url: wsUrl(live), webSocketImpl: WebSocket, retryAttempts: 0 }));
      client = new ApolloClient({
        cache: new InMemoryCache(),
        link: ApolloLink.split(({ query }) => {
          const op = getMainDefinition(query);
          return op.kind === 'OperationDefinition' && op.operation === 'subscription';
        }, ws, http),
      });
    });
    afterAll(async () => {
      client?.stop();
      if (live !== render) await live?.close();
      await render?.close();
    });

    it('shows the replies committed between render and subscribe, then live ones and edits, each once', async () => {
      const t = await createThread(render, seed.alice.token, { title: 'Apollo page' });
      const shown = await createPost(render, seed.bob.token, t.slug, 'Shown when rendered');
      await render.ok(`query($s: String!) { thread(slug: $s) { posts(first: 50) { nodes { id } } } }`, { s: t.slug }); // cached

      // 1. Render: the page and its liveCursor.
      const page = client.watchQuery({ query: THREAD_PAGE, variables: { slug: t.slug } });
      const seen: any[] = [];
      const watching = page.subscribe((result) => seen.push(result.data));
      await expect.poll(() => seen.some((d) => d?.thread)).toBe(true);
      const cursor = (page.getCurrentResult().data as any).thread.liveCursor as string;

      // Replies committed after the render, before the subscription: without `after` they would never show.
      const missed = [await createPost(render, seed.bob.token, t.slug, 'Missed 1'), await createPost(live, seed.alice.token, t.slug, 'Missed 2')];

      // 2. subscribeToMore from the page's position, merging events as the README shows.
      const positions: string[] = [];
      const stop = page.subscribeToMore({
        document: THREAD_ACTIVITY,
        variables: { slug: t.slug, after: cursor },
        updateQuery: (_unsafe, { subscriptionData, previousData, complete }) => {
          const event = (subscriptionData.data as any).threadActivity;
          positions.push(event.position);
          if (!complete) return undefined;
          const thread = (previousData as any).thread;
          const nodes = thread.posts.nodes as { id: string }[];
          if (event.kind === 'POST_ADDED' && event.post && !nodes.some((p) => p.id === event.post.id)) {
            return { thread: { ...thread, postCount: event.thread.postCount, posts: { ...thread.posts, nodes: [...nodes, event.post] } } };
          }
          if (event.kind === 'POST_DELETED') {
            return { thread: { ...thread, posts: { ...thread.posts, nodes: nodes.filter((p) => p.id !== event.postId) } } };
          }
          return undefined;
        },
      });
      const bodies = () => (page.getCurrentResult().data as any).thread.posts.nodes.map((p: any) => p.body);
      await expect.poll(bodies, { timeout: 10_000 }).toEqual(['Opening post body', 'Shown when rendered', 'Missed 1', 'Missed 2']);

      // 3. Live: a new reply and an edit (the event's post updates the normalized cache by id).
      await new Promise((r) => setTimeout(r, 200));
      await createPost(render, seed.bob.token, t.slug, 'Live');
      await render.ok(`mutation($id: ID!) { editPost(id: $id, body: "Shown, then edited") { id } }`, { id: shown }, seed.bob.token);
      await expect.poll(bodies, { timeout: 10_000 })
        .toEqual(['Opening post body', 'Shown, then edited', 'Missed 1', 'Missed 2', 'Live']);
      expect((page.getCurrentResult().data as any).thread.postCount).toBe(5);
      expect(missed).toHaveLength(2);
      expect(new Set(positions).size).toBe(positions.length); // nothing delivered twice
      stop();
      watching.unsubscribe();
    });
  });
}
