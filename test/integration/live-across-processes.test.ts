// Subscriptions across server processes on one PostgreSQL and one Redis: events travel on Redis pub/sub, rows left
// behind by a writer that died are announced by the process that applies them, each row by one process once, a page
// rendered on one server and subscribed on the other misses nothing, and a Redis restart loses no event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainChange } from '../../src/cache/changes.js';
import { loadConfig } from '../../src/config.js';
import { insertOutbox } from '../../src/data/outbox.data.js';
import { recordEvents } from '../../src/live/backlog.js';
import { liveEventsOf, type Announcement } from '../../src/live/live-event.js';
import { startForum, type TestForum } from '../support/forum.js';
import { connect, listening, type LiveClient } from '../support/live-client.js';
import { OwnRedis } from '../support/own-redis.js';
import { createPost, createThread, rowId, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp, redisUp } from '../support/services.js';
import { BACKLOG, THREAD_AFTER, THREAD_PAGE } from './live-positions.suite.js';
import { THREAD_ACTIVITY } from './live.suite.js';

const kinds = (events: any[]) => events.map((e) => e.data.threadActivity.kind);

describe.skipIf(!postgresUp || !redisUp)('subscriptions across two servers sharing PostgreSQL and Redis', () => {
  let a: TestForum;
  let b: TestForum;
  let seed: Seeded;
  const clients: LiveClient[] = [];
  /** Every event each server announced, as `channel@seq`. */
  const announced: string[] = [];
  beforeAll(async () => {
    const live = { ...loadConfig({}).live, backlogMaxEvents: BACKLOG };
    // Polls as often as a busy deployment's notifications would: a poll must never take a row its writer is applying.
    a = await startForum({ db: 'postgres', cache: 'redis', cachePollMs: 5, config: { live } });
    b = await startForum({ db: 'postgres', cache: 'redis', shareWith: a, cachePollMs: 5, config: { live } });
    seed = await seedForum(a);
    for (const forum of [a, b]) {
      const bus = forum.app.bus;
      const announce = bus.announce.bind(bus);
      bus.announce = (announcement: Announcement) => {
        announced.push(...announcement.events.map((e) => `${e.channel}@${e.seq}`));
        return announce(announcement);
      };
    }
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
    // What a writer killed between its commit and its apply leaves: the committed outbox row (held by a process that is
    // gone) and its events in the backlog, nothing announced.
    const changes: DomainChange[] = [{ type: 'post.edited', threadSlug: t.slug, postId: rowId(t.firstPostId) }];
    await a.app.database.db.transaction(async (tx) => {
      const id = await insertOutbox(tx, changes, 'a-writer-that-died');
      await recordEvents(tx, liveEventsOf(changes), id, BACKLOG);
    });
    // Both servers poll every 5 ms here: one of them claims the row (its owner has no connection open), applies it
    // and announces it, once.
    const [event] = await sub.take(1);
    expect(event.data.threadActivity).toMatchObject({ kind: 'POST_EDITED', postId: t.firstPostId });
    await new Promise((r) => setTimeout(r, 300));
    expect(announced.filter((e) => e.startsWith(`thread:${rowId(t.id)}@`))).toHaveLength(1);
  });

  it('announces each committed change once, by one server, while both poll the outbox', async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Once each' });
    announced.length = 0;
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      createPost(i % 2 ? a : b, i % 3 ? seed.alice.token : seed.bob.token, t.slug, `Reply ${i}`)));
    expect(replies).toHaveLength(30);
    const mine = () => announced.filter((e) => e.startsWith(`thread:${rowId(t.id)}@`));
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(30);
    await new Promise((r) => setTimeout(r, 500)); // a late poll would have announced again by now
    expect(mine()).toHaveLength(30);
    expect(new Set(mine()).size).toBe(30);
  });

  it('replays to a subscription on one server the replies committed since a page rendered on the other', async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Rendered on A' });
    await a.ok(THREAD_PAGE, { slug: t.slug });
    const { liveCursor } = (await a.ok(THREAD_PAGE, { slug: t.slug })).thread; // cached on Redis now
    const missed: string[] = [];
    for (let i = 0; i < 4; i++) missed.push(await createPost(i % 2 ? a : b, seed.bob.token, t.slug, `Missed ${i}`));
    const client = connect(b);
    clients.push(client);
    const sub = client.subscribe(THREAD_AFTER, { slug: t.slug, after: liveCursor });
    expect((await sub.take(4)).map((e) => e.data.threadActivity.postId)).toEqual(missed);
    await listening(b, `thread:${t.slug}`);
    const live = await createPost(a, seed.alice.token, t.slug, 'Live from A');
    expect((await sub.take(5))[4].data.threadActivity).toMatchObject({ kind: 'POST_ADDED', postId: live });
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

  it('loses no event through a Redis restart: a live subscriber and one subscribing after a page get every reply, no RESYNC', async () => {
    const t = await createThread(forum, seed.alice.token, { title: 'Through a restart' });
    client = connect(forum, seed.alice.token);
    const sub = client.subscribe(THREAD_AFTER, { slug: t.slug });
    await listening(forum, `thread:${t.slug}`);
    const before = await createPost(forum, seed.bob.token, t.slug, 'Before the restart');
    await sub.take(1);
    const { liveCursor } = (await forum.ok(THREAD_PAGE, { slug: t.slug })).thread;

    await redis.kill();
    // Posted while Redis is down: its event cannot travel on pub/sub; it waits in the backlog (PostgreSQL).
    const during = await createPost(forum, seed.bob.token, t.slug, 'During the outage');
    await redis.start();
    await expect.poll(() => sub.events.map((e) => e.data.threadActivity.postId), { timeout: 15_000, interval: 50 })
      .toEqual([before, during]);

    await forum.app.bus.settled();
    const after = await createPost(forum, seed.bob.token, t.slug, 'After the restart');
    await expect.poll(() => sub.events.map((e) => e.data.threadActivity.postId), { timeout: 15_000, interval: 50 })
      .toEqual([before, during, after]);
    const late = client.subscribe(THREAD_AFTER, { slug: t.slug, after: liveCursor });
    expect((await late.take(2)).map((e) => e.data.threadActivity.postId)).toEqual([during, after]);
    expect([...sub.events, ...late.events].map((e) => e.data.threadActivity.kind)).not.toContain('RESYNC');
  });
});
