// ForumCacheService's specification, run on each backend.
import { Redis, type Cluster } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CacheBackend } from '../../src/cache/cache-backend.js';
import { ForumCacheService } from '../../src/cache/forum-cache.service.js';
import { clusterKey, normalizeListArgs, stamps } from '../../src/cache/keys.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { parseClusterNodes, RedisClusterCache } from '../../src/cache/redis-cluster-cache.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import type { CategoryView, ThreadListView, ThreadView } from '../../src/model/views.js';
import { loadPgliteImage } from '../support/pglite-image.js';
import { OwnRedisCluster } from '../support/redis-cluster.js';
import { testRedisDb } from '../support/redis-dbs.js';
import { REDIS_URL } from '../support/services.js';

export const TTL = { thread: 3600, list: 21_600, category: 86_400, user: 3600 };

const thread = (slug: string, title = 'A title'): ThreadView => ({
  id: '1', slug, title, excerpt: 'e', categorySlug: 'garden',
  authorId: '1',
  tags: [], isPinned: false, isLocked: false, postCount: 1, reactionCounts: { like: 0, helpful: 0, love: 0 },
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', answerPostId: null, lastActivityAt: '2026-01-01T00:00:00.000Z',
});
const list = (slugs: string[]): ThreadListView => ({ slugs, cursors: slugs, hasNextPage: false, hasPreviousPage: false, totalCount: slugs.length });
const category = (slug: string): CategoryView => ({
  id: '1', slug, name: slug, description: '', icon: null, displayOrder: 0, parentSlug: null, childSlugs: [],
});

export interface BackendFixture {
  name: string;
  make(): Promise<CacheBackend>;
  /** A redis client on the same database, for inspecting TTLs and losing stamps. */
  redis?: () => Redis | Cluster;
  /** The key a stamp is stored under (on a cluster, in the {gen} slot); the name itself elsewhere. */
  storedAs?: (stamp: string) => string;
  /** The service's timeout around each backend call (its default otherwise). */
  opTimeoutMs?: number;
  /** Stops what the fixture started. */
  close?: () => Promise<void>;
}

export function memoryFixture(now?: () => number): BackendFixture {
  return { name: 'memory', make: async () => new MemoryCache({ now }) };
}

export function redisFixture(): BackendFixture {
  const url = new URL(REDIS_URL);
  url.pathname = `/${testRedisDb()}`;
  let inspector: Redis | undefined;
  return {
    name: 'redis',
    async make() {
      inspector ??= new Redis(url.toString());
      await inspector.flushdb();
      const backend = new RedisCache(url.toString());
      await backend.ready();
      return backend;
    },
    redis: () => inspector!,
  };
}

/** A Redis Cluster of the suite's own (3 masters, 3 replicas), started on the first make() and emptied on each. */
export function clusterFixture(): BackendFixture {
  let cluster: OwnRedisCluster | undefined;
  let inspector: Cluster | undefined;
  return {
    name: 'a Redis Cluster',
    async make() {
      cluster ??= await OwnRedisCluster.start();
      inspector ??= cluster.client();
      await cluster.flush();
      // Six Redis processes on a machine that runs other suites in parallel: generous timeouts, so that a slow
      // answer does not suspend the cache in the middle of a test that counts hits.
      const backend = new RedisClusterCache(parseClusterNodes(cluster.seeds), { commandTimeoutMs: 1500 });
      await backend.ready();
      return backend;
    },
    redis: () => inspector!,
    storedAs: clusterKey,
    opTimeoutMs: 2000,
    async close() {
      inspector?.disconnect();
      await cluster?.stop();
    },
  };
}

export function defineCacheSuite(fixture: BackendFixture) {
  describe(`ForumCacheService on ${fixture.name}`, () => {
    let database: Database;
    let metrics: Metrics;
    let cache: ForumCacheService;

    beforeAll(async () => {
      database = await openDatabase({ kind: 'pglite', loadDataDir: loadPgliteImage() }, new Metrics());
    });
    afterAll(async () => {
      await database.close();
      await cache?.close();
      if (fixture.close) await fixture.close();
      else fixture.redis?.().disconnect();
    });
    beforeEach(async () => {
      metrics = new Metrics();
      cache?.close();
      cache = new ForumCacheService({
        backend: await fixture.make(), db: database.db, ttl: TTL, metrics, logger: createLogger('silent'), pollMs: 0,
        opTimeoutMs: fixture.opTimeoutMs,
      });
    });

    const hits = async (kind: string) =>
      (await metrics.cacheRequests.get()).values.find((v) => v.labels.kind === kind && v.labels.result === 'hit')?.value ?? 0;

    it('misses, then hits with the value set, for a thread', async () => {
      const first = await cache.getThread('t1');
      expect(first.hit).toBe(false);
      await cache.setThread(first, thread('t1', 'Hello'));
      const second = await cache.getThread('t1');
      expect(second.hit).toBe(true);
      expect(second.value?.title).toBe('Hello');
      expect(await hits('thread')).toBe(1);
    });

    it('misses, then hits, for a thread list and for a category', async () => {
      const args = normalizeListArgs({ filter: { categorySlug: 'garden' } });
      const l = await cache.getThreadList(args);
      expect(l.hit).toBe(false);
      await cache.setThreadList(l, args, list(['a', 'b']));
      expect((await cache.getThreadList(args)).value?.slugs).toEqual(['a', 'b']);
      const c = await cache.getCategory('garden');
      expect(c.hit).toBe(false);
      await cache.setCategory(c, category('garden'));
      expect((await cache.getCategory('garden')).value?.slug).toBe('garden');
    });

    it('misses after an invalidation of what was set', async () => {
      await cache.setThread(await cache.getThread('t1'), thread('t1'));
      await cache.setCategory(await cache.getCategory('garden'), category('garden'));
      await cache.invalidateThread('t1');
      await cache.invalidateCategory('garden');
      expect((await cache.getThread('t1')).hit).toBe(false);
      expect((await cache.getCategory('garden')).hit).toBe(false);
    });

    it("clears every page and filter of a category's lists, and leaves other categories' lists", async () => {
      const variants = [
        normalizeListArgs({ filter: { categorySlug: 'garden' } }),
        normalizeListArgs({ filter: { categorySlug: 'garden' }, first: 5, after: 'x' }),
        normalizeListArgs({ filter: { categorySlug: 'garden', tags: ['a'] }, sort: 'NEWEST' }),
        normalizeListArgs({ filter: { categorySlug: 'garden', search: 'tomato' } }),
      ];
      const other = normalizeListArgs({ filter: { categorySlug: 'indoor' } });
      for (const args of [...variants, other]) await cache.setThreadList(await cache.getThreadList(args), args, list(['a']));
      await cache.invalidateThreadList('garden');
      for (const args of variants) expect((await cache.getThreadList(args)).hit).toBe(false);
      expect((await cache.getThreadList(other)).hit).toBe(true);
    });

    it('clears lists of every category when all lists are invalidated', async () => {
      const all = ['garden', 'indoor', undefined].map((c) => normalizeListArgs({ filter: { categorySlug: c } }));
      for (const args of all) await cache.setThreadList(await cache.getThreadList(args), args, list(['a']));
      await cache.invalidateAllThreadLists();
      for (const args of all) expect((await cache.getThreadList(args)).hit).toBe(false);
    });

    it('does not let a fill that raced with an invalidation be read later', async () => {
      const read = await cache.getThread('t1'); // reader: stamps read, then a slow database load
      await cache.invalidateThread('t1'); // writer commits and invalidates meanwhile
      await cache.setThread(read, thread('t1', 'Old title')); // the slow reader fills with what it loaded
      expect((await cache.getThread('t1')).hit).toBe(false);
    });

    it('makes every entry unreachable when everything is invalidated', async () => {
      await cache.setThread(await cache.getThread('t1'), thread('t1'));
      await cache.setCategory(await cache.getCategory('garden'), category('garden'));
      await cache.invalidateEverything();
      expect((await cache.getThread('t1')).hit).toBe(false);
      expect((await cache.getCategory('garden')).hit).toBe(false);
    });

    it('loads once for many concurrent misses on the same key', async () => {
      let loads = 0;
      const load = async () => {
        loads++;
        await new Promise((r) => setTimeout(r, 30));
        return thread('hot');
      };
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.thread('hot', load)));
      expect(loads).toBe(1);
      expect(results.every((r) => r?.slug === 'hot')).toBe(true);
      expect((await cache.getThread('hot')).hit).toBe(true);
    });

    it("answers repeated reads from this process's parsed copy, frozen, and a fresh value once the stamp moves", async () => {
      let loads = 0;
      const load = async () => thread('t1', `title ${++loads}`);
      const first = await cache.thread('t1', load);
      const again = await cache.thread('t1', load);
      expect(again).toBe(first); // the same parsed copy: no transfer, no parse
      expect(Object.isFrozen(again) && Object.isFrozen(again!.reactionCounts)).toBe(true);
      expect(() => { (again as { title: string }).title = 'changed'; }).toThrow(TypeError);
      expect(await hits('thread')).toBe(1);

      await cache.invalidateThread('t1');
      const after = await cache.thread('t1', load);
      expect(after?.title).toBe('title 2');
      expect(loads).toBe(2);
    });

    // One in-process store belongs to one service: only a shared store has another process (not defined for memory).
    if (fixture.name !== 'memory') it("uses another process's fill through the shared store, never a copy held from before a change", async () => {
      const backend = await fixture.make();
      const other = new ForumCacheService({ backend, db: database.db, ttl: TTL, metrics: new Metrics(), logger: createLogger('silent'), pollMs: 0 });
      try {
        await cache.thread('t1', async () => thread('t1', 'before'));
        await other.invalidateThread('t1');
        await other.thread('t1', async () => thread('t1', 'after'));
        expect((await cache.thread('t1', async () => thread('t1', 'loaded again')))?.title).toBe('after');
      } finally {
        await other.close();
      }
    });

    const inspect = fixture.redis;
    if (inspect) {
      it('stores each kind with its own TTL', async () => {
        const t = await cache.getThread('t1');
        await cache.setThread(t, thread('t1'));
        const args = normalizeListArgs({});
        const l = await cache.getThreadList(args);
        await cache.setThreadList(l, args, list([]));
        const c = await cache.getCategory('garden');
        await cache.setCategory(c, category('garden'));
        const redis = inspect();
        expect(await redis.ttl(t.fillKey!)).toBeGreaterThan(TTL.thread - 5);
        expect(await redis.ttl(t.fillKey!)).toBeLessThanOrEqual(TTL.thread);
        expect(await redis.ttl(l.fillKey!)).toBeGreaterThan(TTL.list - 5);
        expect(await redis.ttl(c.fillKey!)).toBeGreaterThan(TTL.category - 5);
        expect(await redis.ttl(c.fillKey!)).toBeLessThanOrEqual(TTL.category);
      });

      it('never brings a lost stamp back to an old value, so old entries stay unreachable', async () => {
        await cache.setThread(await cache.getThread('t1'), thread('t1', 'Before'));
        await cache.invalidateThread('t1');
        await cache.setThread(await cache.getThread('t1'), thread('t1', 'After'));
        // Redis evicts (or loses) the stamp while entries survive: the next read must not find either entry.
        await inspect().del((fixture.storedAs ?? String)(stamps.thread('t1')));
        expect((await cache.getThread('t1')).hit).toBe(false);
      });
    }
  });
}
