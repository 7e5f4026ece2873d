// Fail-open: with its own Redis frozen or killed, the server answers from the database without errors, reports
// "degraded", keeps the changes it could not apply in the outbox (PostgreSQL), and after Redis returns serves no old entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { stamps } from '../../src/cache/keys.js';
import { cacheOutbox } from '../../src/db/schema.js';
import { startForum, type TestForum } from '../support/forum.js';
import { OwnRedis } from '../support/own-redis.js';
import { createThread, PASSWORD, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp } from '../support/services.js';

const READ = `query($s: String!) { thread(slug: $s) { title postCount } threads(filter: { categorySlug: "garden" }) { nodes { title } } }`;

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}

describe.skipIf(!postgresUp)('when Redis fails', () => {
  let redis: OwnRedis;
  let forum: TestForum;
  let seed: Seeded;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    forum = await startForum({ db: 'postgres', cache: 'redis', redisUrl: redis.url, cachePollMs: 100 });
    seed = await seedForum(forum);
  });
  afterAll(async () => {
    await forum?.close();
    await redis?.kill();
  });

  const health = async () => (await fetch(forum.url.replace('/graphql', '/healthz'))).json() as Promise<Record<string, string>>;
  const errors = async () => (await forum.app.metrics.cacheErrors.get()).values.reduce((n, v) => n + v.value, 0);
  const redisEpoch = async () => {
    const client = new Redis(forum.redisUrl!);
    try {
      return await client.get(stamps.epoch());
    } finally {
      client.disconnect();
    }
  };
  const pending = async () => (await forum.app.database.db.select().from(cacheOutbox)).length;

  it('keeps answering from the database while Redis is frozen, and serves no stale entry after it thaws', async () => {
    const t = await createThread(forum, seed.alice.token, { title: 'Frozen title' });
    await forum.ok(READ, { s: t.slug });
    await forum.ok(READ, { s: t.slug }); // cached in Redis now
    redis.pause();
    try {
      const during = await forum.gql(READ, { s: t.slug });
      expect(during.errors).toBeUndefined();
      expect(during.data.thread.title).toBe('Frozen title');
      expect(await errors()).toBeGreaterThan(0);
      expect((await health()).cache).toBe('degraded');
      await forum.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Thawed title" }) { id } }`, { s: t.slug }, seed.alice.token);
      expect(await pending()).toBeGreaterThan(0); // the bump that could not reach Redis is kept
      expect((await forum.ok(READ, { s: t.slug })).thread.title).toBe('Thawed title');
    } finally {
      redis.resume();
    }
    // Redis still holds the old entries under the old stamps; they must never be served again.
    await until(async () => (await health()).cache === 'ok' && await pending() === 0);
    for (let i = 0; i < 3; i++) {
      const data = await forum.ok(READ, { s: t.slug });
      expect(data.thread.title).toBe('Thawed title');
      expect(data.threads.nodes.map((n: any) => n.title)).toContain('Thawed title');
    }
  });

  it('after a Redis that only stalled (reads timed out, nothing was invalidated), serves its entries again without dropping them all', async () => {
    const t = await createThread(forum, seed.alice.token, { title: 'Kept through a stall' });
    await forum.ok(READ, { s: t.slug });
    await forum.ok(READ, { s: t.slug }); // cached
    const epoch = redisEpoch;
    const before = await epoch();
    redis.pause();
    try {
      expect((await forum.ok(READ, { s: t.slug })).thread.title).toBe('Kept through a stall'); // from the database
    } finally {
      redis.resume();
    }
    await until(async () => (await health()).cache === 'ok' && forum.app.cache.backend!.available);
    expect(await epoch()).toBe(before); // a stall is no reason to make every entry of every process unreachable
    expect((await forum.ok(READ, { s: t.slug })).thread.title).toBe('Kept through a stall');
  });

  it('checks sessions in the database while Redis is frozen: a token logged out meanwhile stays refused after the thaw', async () => {
    const login = async () => (await forum.ok(`mutation { login(username: "bob", password: "${PASSWORD}") { token } }`)).login.token as string;
    const [leaving, staying] = [await login(), await login()];
    const CATEGORIES = `{ categories { slug } }`;
    const code = async (token: string) => (await forum.gql(CATEGORIES, {}, token)).errors?.[0]?.extensions?.code;
    for (let i = 0; i < 3; i++) for (const token of [leaving, staying]) await forum.ok(CATEGORIES, {}, token); // cached sessions
    redis.pause();
    try {
      expect(await code(staying)).toBeUndefined();
      await forum.ok(`mutation { logout }`, {}, leaving);
      expect(await code(leaving)).toBe('UNAUTHENTICATED'); // from the database: the cached session is not trusted
      expect(await code(staying)).toBeUndefined();
    } finally {
      redis.resume();
    }
    await until(async () => (await health()).cache === 'ok' && await pending() === 0);
    for (let i = 0; i < 3; i++) {
      expect(await code(leaving)).toBe('UNAUTHENTICATED');
      expect(await code(staying)).toBeUndefined();
    }
  });

  it('keeps answering when Redis is killed, and caches again by itself once it is back', async () => {
    const t = await createThread(forum, seed.alice.token, { title: 'Before the crash' });
    await forum.ok(READ, { s: t.slug });
    await redis.kill();
    for (let i = 0; i < 5; i++) {
      const during = await forum.gql(READ, { s: t.slug });
      expect(during.errors).toBeUndefined();
      expect(during.data.thread.title).toBe('Before the crash');
    }
    expect((await health()).cache).toBe('degraded');
    await redis.start();
    await until(async () => (await health()).cache === 'ok');
    const hits = async () => (await forum.app.metrics.cacheRequests.get()).values
      .filter((v) => v.labels.result === 'hit').reduce((n, v) => n + v.value, 0);
    await forum.ok(READ, { s: t.slug });
    const before = await hits();
    await forum.ok(READ, { s: t.slug });
    expect(await hits()).toBeGreaterThan(before);
  });
});
