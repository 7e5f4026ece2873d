// Subscriptions across two server processes whose Redis is a Redis Cluster (3 masters, 3 replicas): events travel on
// the cluster's pub/sub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, useOwnRedisCluster, type TestForum } from '../support/forum.js';
import { connect, listening, type LiveClient } from '../support/live-client.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp } from '../support/services.js';
import { THREAD_ACTIVITY } from './live.suite.js';

describe.skipIf(!postgresUp)('subscriptions across two servers on a Redis Cluster', () => {
  useOwnRedisCluster();
  let a: TestForum;
  let b: TestForum;
  let seed: Seeded;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    a = await startForum({ db: 'postgres', cache: 'cluster' });
    b = await startForum({ db: 'postgres', cache: 'cluster', shareWith: a });
    seed = await seedForum(a);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await b?.close();
    await a?.close();
  });

  it('delivers to a subscriber on one server the replies posted on the other, in order', async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Across servers on a cluster' });
    const client = connect(b, seed.bob.token);
    clients.push(client);
    const sub = client.subscribe(THREAD_ACTIVITY, { slug: t.slug });
    await listening(b, `thread:${t.slug}`);
    const first = await createPost(a, seed.alice.token, t.slug, 'First on A');
    await sub.take(1); // payloads show the state when delivered: one change at a time
    const second = await createPost(a, seed.alice.token, t.slug, 'Second on A');
    const [one, two] = await sub.take(2);
    expect([one.data.threadActivity, two.data.threadActivity]).toMatchObject([
      { kind: 'POST_ADDED', post: { id: first, body: 'First on A' } },
      { kind: 'POST_ADDED', post: { id: second, body: 'Second on A' } },
    ]);
  });
});
