// Subscriptions across server processes on one PostgreSQL and one Redis: events travel on Redis pub/sub, rows left
// behind by a writer that died are announced by the process that applies them, and a Redis restart is told to
// subscribers (RESYNC) before events flow again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOutbox } from '../../src/data/outbox.data.js';
import { startForum, type TestForum } from '../support/forum.js';
import { connect, listening, type LiveClient } from '../support/live-client.js';
import { OwnRedis } from '../support/own-redis.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp, redisUp } from '../support/services.js';
import { THREAD_ACTIVITY } from './live.suite.js';

const kinds = (events: any[]) => events.map((e) => e.data.threadActivity.kind);

describe.skipIf(!postgresUp || !redisUp)('subscriptions across two servers sharing PostgreSQL and Redis', () => {
  let a: TestForum;
  let b: TestForum;
  let seed: Seeded;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    a = await startForum({ db: 'postgres', cache: 'redis' });
    b = await startForum({ db: 'postgres', cache: 'redis', shareWith: a });
    seed = await seedForum(a);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await b?.close();
    await a?.close();
  });

  it('delivers to a subscriber on one server a reply posted on the other, with its own viewer fields', async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Across servers' });
    const client = connect(b, seed.bob.token);
    clients.push(client);
    const sub = client.subscribe(THREAD_ACTIVITY, { slug: t.slug });
    await listening(b, `thread:${t.slug}`);
    const reply = await createPost(a, seed.alice.token, t.slug, 'Posted on A');
    await sub.take(1); // payloads show the state when delivered: one change at a time
    await a.ok(`mutation($id: ID!) { setReaction(postId: $id, type: LIKE, active: true) { id } }`, { id: reply }, seed.bob.token);
    const events = await sub.take(2);
    expect(kinds(events)).toEqual(['POST_ADDED', 'REACTIONS_CHANGED']);
    expect(events[0].data.threadActivity.post).toMatchObject({ id: reply, body: 'Posted on A', viewerReactions: [] });
    expect(events[1].data.threadActivity.post).toMatchObject({ reactionCounts: { like: 1 }, viewerReactions: ['LIKE'] });
  });

  it("announces a change whose writer died before applying it, when another server's poll applies the row", async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Writer died' });
    const client = connect(b);
    clients.push(client);
    const sub = client.subscribe(THREAD_ACTIVITY, { slug: t.slug });
    await listening(b, `thread:${t.slug}`);
    // What a writer killed between its commit and its apply leaves: the committed outbox row, nothing announced.
    await insertOutbox(a.app.database.db, [{ type: 'post.edited', threadSlug: t.slug, postId: Number(t.firstPostId) }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.events).toHaveLength(0);
    await a.app.cache.poll();
    const [event] = await sub.take(1);
    expect(event.data.threadActivity).toMatchObject({ kind: 'POST_EDITED', postId: t.firstPostId });
  });
});

describe.skipIf(!postgresUp)('subscriptions when Redis restarts', () => {
  let redis: OwnRedis;
  let forum: TestForum;
  let seed: Seeded;
  let client: LiveClient;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    forum = await startForum({ db: 'postgres', cache: 'redis', redisUrl: redis.url, cachePollMs: 100 });
    seed = await seedForum(forum);
  });
  afterAll(async () => {
    await client?.dispose();
    await forum?.close();
    await redis?.kill();
  });

  it('tells subscribers to resync once Redis is back, then delivers events again', async () => {
    const t = await createThread(forum, seed.alice.token, { title: 'Through a restart' });
    client = connect(forum, seed.alice.token);
    const sub = client.subscribe(THREAD_ACTIVITY, { slug: t.slug });
    await listening(forum, `thread:${t.slug}`);
    await createPost(forum, seed.bob.token, t.slug, 'Before the restart');
    await sub.take(1);

    await redis.kill();
    // Posted while Redis is down: its event cannot travel; the subscriber must hear RESYNC instead of nothing.
    await createPost(forum, seed.bob.token, t.slug, 'During the outage');
    await redis.start();
    // The outage's own reply may be announced too (the poll applies its row once Redis is back), before or after
    // the RESYNC; what must come is the RESYNC.
    await expect.poll(() => kinds(sub.events), { timeout: 15_000, interval: 50 }).toContain('RESYNC');
    const resync = sub.events.find((e) => e.data.threadActivity.kind === 'RESYNC').data.threadActivity;
    expect(resync).toMatchObject({ threadSlug: t.slug, thread: { title: 'Through a restart' } });

    await forum.app.bus.settled();
    const seen = sub.events.length;
    const reply = await createPost(forum, seed.bob.token, t.slug, 'After the restart');
    await expect.poll(() => sub.events.slice(seen).map((e) => e.data.threadActivity.postId), { timeout: 15_000, interval: 50 })
      .toContain(reply);
  });
});
