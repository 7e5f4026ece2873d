// Cache leases on a shared Redis: a writer cut off from Redis parks its change in the outbox. Another server that is
// still on Redis but slow to apply it (its poll held here) must not serve the old value from Redis once the mutation
// has returned: the writer waits until no other server holds a lease, and that server cannot renew its lease while
// the change waits. Once the change is applied, it serves from Redis again.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type TestForum } from '../support/forum.js';
import { freePort, OwnRedis } from '../support/own-redis.js';
import { createThread, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp } from '../support/services.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const READ = `query($s: String!) { thread(slug: $s) { title } }`;
const LEASE = { ms: 900, graceMs: 300 };

describe.skipIf(!postgresUp)('cache leases: a server slow to apply a parked change stops serving from Redis', () => {
  let redis: OwnRedis;
  let proxy: TcpProxy;
  let writer: TestForum;
  let reader: TestForum;
  let seed: Seeded;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    proxy = new TcpProxy(await freePort(), redis.port);
    await proxy.start();
    writer = await startForum({ db: 'postgres', cache: 'redis', redisUrl: proxy.url, cachePollMs: 60_000, cacheLease: LEASE });
    reader = await startForum({ db: 'postgres', cache: 'redis', redisUrl: redis.url, shareWith: writer, cachePollMs: 60_000, cacheLease: LEASE });
    seed = await seedForum(writer);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await proxy?.stop();
    await redis?.kill();
  });

  /** Reads answered from Redis: stored responses (the fast path) and entries. */
  const hits = async (forum: TestForum) => {
    const text = await (await fetch(forum.url.replace('/graphql', '/metrics'))).text();
    return text.split('\n').filter((l) => l.startsWith('forum_cache_requests_total{') && l.includes('result="hit"'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  };

  it('never shows the old value after the mutation returned, and serves from Redis again once the change is applied', async () => {
    const t = await createThread(writer, seed.alice.token, { title: 'Before the partition' });
    await reader.ok(READ, { s: t.slug });
    const before = await hits(reader);
    expect((await reader.ok(READ, { s: t.slug })).thread.title).toBe('Before the partition');
    expect(await hits(reader)).toBeGreaterThan(before); // served from Redis

    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    reader.app.cache.hooks.beforePollApply = () => held; // the reader claims the parked change but does not apply it
    proxy.cut();
    try {
      const renamed = await writer.gql(`mutation($s: String!) { updateThread(slug: $s, input: { title: "After the partition" }) { title } }`,
        { s: t.slug }, seed.alice.token);
      expect(renamed.errors).toBeUndefined();
      // Without leases the writer returned after a short wait while the reader still trusted Redis's old entry.
      expect((await reader.ok(READ, { s: t.slug })).thread.title).toBe('After the partition');
      expect((await (await fetch(reader.url.replace('/graphql', '/healthz'))).json()).cache).toBe('degraded');
      const metrics = await (await fetch(reader.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/forum_cache_lease_renewals_total\{result="refused"\} [1-9]/);
    } finally {
      reader.app.cache.hooks.beforePollApply = undefined;
      release();
      proxy.heal();
    }
    // Applied now by the reader: its lease is renewed and it serves from Redis again.
    await expect.poll(async () => (await (await fetch(reader.url.replace('/graphql', '/healthz'))).json()).cache, { timeout: 5000 }).toBe('ok');
    await reader.ok(READ, { s: t.slug });
    const again = await hits(reader);
    expect((await reader.ok(READ, { s: t.slug })).thread.title).toBe('After the partition');
    expect(await hits(reader)).toBeGreaterThan(again);
  });

  it('a server whose Redis fails ends its lease at once, so writers elsewhere do not wait for it', async () => {
    const leaseOf = async (forum: TestForum) => {
      const result = await writer.app.database.db.execute(sql`select until > now() as held from cache_leases where owner = ${forum.app.database.owner}`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { held: boolean }[];
      return rows[0]?.held ?? false;
    };
    await writer.app.cache.poll(); // Redis is back since the first test: the poll resumes the writer's cache and renews
    expect(await writer.app.cache.health()).toBe("ok");
    expect(await leaseOf(writer)).toBe(true);
    proxy.cut();
    try {
      // The writer notices on its next read of Redis, which times out: it ends its lease then (and its renewals, about
      // every 300 ms here, would end it too rather than renew), while the reader keeps renewing its own.
      await writer.ok(READ, { s: 'no-such-thread' });
      await expect.poll(() => leaseOf(writer), { timeout: 3000 }).toBe(false);
      expect(await leaseOf(reader)).toBe(true);
    } finally {
      proxy.heal();
    }
  });
});

