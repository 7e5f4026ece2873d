// A partition only the writer sees: its bump cannot reach Redis and is parked in PostgreSQL. The other server, still
// on Redis, is told at once (NOTIFY) and applies it, and the mutation returns only after that: no read after it, on
// either server, shows the old value (without waiting for the once-a-second poll).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type TestForum } from '../support/forum.js';
import { freePort, OwnRedis } from '../support/own-redis.js';
import { createThread, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp } from '../support/services.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const READ = `query($s: String!) { thread(slug: $s) { title } threads(filter: { categorySlug: "garden" }) { nodes { slug title } } }`;

describe.skipIf(!postgresUp)('a Redis partition that only the writing server sees', () => {
  let redis: OwnRedis;
  let proxy: TcpProxy;
  let writer: TestForum;
  let reader: TestForum;
  let seed: Seeded;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    proxy = new TcpProxy(await freePort(), redis.port);
    await proxy.start();
    // The poll is slowed to a minute: only the notification can explain a prompt application.
    writer = await startForum({ db: 'postgres', cache: 'redis', redisUrl: proxy.url, cachePollMs: 60_000 });
    reader = await startForum({ db: 'postgres', cache: 'redis', redisUrl: redis.url, shareWith: writer, cachePollMs: 60_000 });
    seed = await seedForum(writer);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await proxy?.stop();
    await redis?.kill();
  });

  it("shows the writer's change on the other server as soon as the mutation returns", async () => {
    const t = await createThread(writer, seed.alice.token, { title: 'Before the partition' });
    await reader.ok(READ, { s: t.slug });
    expect((await reader.ok(READ, { s: t.slug })).thread.title).toBe('Before the partition'); // cached on Redis
    proxy.cut();
    try {
      const renamed = await writer.gql(`mutation($s: String!) { updateThread(slug: $s, input: { title: "After the partition" }) { title } }`,
        { s: t.slug }, seed.alice.token);
      expect(renamed.errors).toBeUndefined();
      const data = await reader.ok(READ, { s: t.slug });
      expect(data.thread.title).toBe('After the partition');
      expect(data.threads.nodes.find((n: any) => n.slug === t.slug).title).toBe('After the partition');
      expect((await writer.ok(READ, { s: t.slug })).thread.title).toBe('After the partition'); // from the database
    } finally {
      proxy.heal();
    }
  });
});
