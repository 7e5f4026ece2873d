// Scenario 3, invalidation scaling: with 10^3 .. 10^6 cached list entries in a Redis database of its own, the time
// to invalidate one category's lists and all lists through ForumCacheService (a stamp bump: one MSET) next to the
// baseline a pattern delete needs (SCAN MATCH + DEL, what the specification's delete_pattern does).
import { Redis } from 'ioredis';
import { stampedKey } from '../../src/cache/cache-backend.js';
import { ForumCacheService } from '../../src/cache/forum-cache.service.js';
import { dependencies, keys, normalizeListArgs } from '../../src/cache/keys.js';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { percentile } from '../lib/workload.js';

export interface InvalidationPoint {
  entries: number;
  /** Median of repeated bumps, in ms (and the fastest, the round trip without any queueing). */
  stampCategoryMs: number;
  stampAllMs: number;
  stampCategoryMinMs: number;
  stampAllMinMs: number;
  scanDelCategoryMs: number;
  scanDelAllMs: number;
  /** Entries the pattern delete removed (checks it found them all). */
  scanDelCategoryDeleted: number;
  scanDelAllDeleted: number;
  /** The bumps made exactly the right entries unreachable. */
  verified: boolean;
}

const CATEGORIES = Array.from({ length: 20 }, (_, i) => `bench-category-${String(i).padStart(2, '0')}`);
const SORTS = ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'] as const;
const VALUE = JSON.stringify({
  slugs: Array.from({ length: 5 }, (_, i) => `seed-thread-00000${i}`), cursors: [], hasNextPage: true, hasPreviousPage: false, totalCount: 1234,
});
/** Bumps are ~0.05 ms: many repeats, so the median is not one scheduler hiccup on a shared machine. */
const REPEATS = 200;

const listArgs = (i: number) => normalizeListArgs({
  filter: { categorySlug: CATEGORIES[i % CATEGORIES.length] }, sort: SORTS[Math.floor(i / CATEGORIES.length) % SORTS.length],
  first: 20, after: `cursor-${i}`,
});
const request = (i: number) => { const args = listArgs(i); return { key: keys.list(args), stamps: dependencies.list(args) }; };

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function scanDelete(client: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) deleted += await client.del(...found);
  } while (cursor !== '0');
  return deleted;
}

/** Writes n list entries under their current stamps, the way fills land, with pipelined SETs. */
async function fill(client: Redis, cache: RedisCache, n: number): Promise<void> {
  const stampValues = new Map<string, string[]>();
  for (let c = 0; c < CATEGORIES.length; c++) {
    const [read] = await cache.read([request(c)]);
    stampValues.set(CATEGORIES[c]!, read!.stampValues);
  }
  for (let start = 0; start < n; start += 10_000) {
    const pipeline = client.pipeline();
    for (let i = start; i < Math.min(n, start + 10_000); i++) {
      pipeline.set(stampedKey(request(i).key, stampValues.get(CATEGORIES[i % CATEGORIES.length]!)!), VALUE, 'EX', 3600);
    }
    await pipeline.exec();
  }
}

async function hits(cache: RedisCache, indices: number[]): Promise<boolean[]> {
  return (await cache.read(indices.map(request))).map((r) => r.value !== null);
}

export async function measureInvalidation(redisUrl: string, databaseUrl: string, sizes: number[], log: (line: string) => void): Promise<InvalidationPoint[]> {
  const client = new Redis(redisUrl);
  const backend = new RedisCache(redisUrl, { commandTimeoutMs: 5000 });
  await backend.ready(5000); // it queues nothing while connecting (fail-open): wait until it can take commands
  const metrics = new Metrics();
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 1 }, metrics);
  const cache = new ForumCacheService({
    backend, db: database.db, metrics, logger: createLogger('silent'), pollMs: 0, opTimeoutMs: 5000,
    ttl: { thread: 3600, list: 3600, category: 3600, user: 3600 },
  });
  const points: InvalidationPoint[] = [];
  try {
    for (const n of sizes) {
      await client.flushdb();
      await fill(client, backend, n);
      // Entry 0 is in category 0, entry 1 in category 1.
      let verified = (await hits(backend, [0, 1])).every(Boolean);
      for (let w = 0; w < 5; w++) await cache.invalidateThreadList(CATEGORIES[2]!); // warm-up, not timed
      const category: number[] = [];
      for (let r = 0; r < REPEATS; r++) category.push(await timeIt(() => cache.invalidateThreadList(CATEGORIES[0]!)));
      const [c0, c1] = await hits(backend, [0, 1]);
      verified &&= !c0 && c1!;
      const all: number[] = [];
      for (let r = 0; r < REPEATS; r++) all.push(await timeIt(() => cache.invalidateAllThreadLists()));
      verified &&= !(await hits(backend, [1]))[0];

      let categoryDeleted = 0;
      const scanCategoryMs = await timeIt(async () => { categoryDeleted = await scanDelete(client, `forum:list:${CATEGORIES[1]}:*`); });
      let allDeleted = 0;
      const scanAllMs = await timeIt(async () => { allDeleted = await scanDelete(client, 'forum:list:*'); });
      const point: InvalidationPoint = {
        entries: n, stampCategoryMs: percentile(category, 50), stampAllMs: percentile(all, 50),
        stampCategoryMinMs: Math.min(...category), stampAllMinMs: Math.min(...all),
        scanDelCategoryMs: scanCategoryMs, scanDelAllMs: scanAllMs,
        scanDelCategoryDeleted: categoryDeleted, scanDelAllDeleted: allDeleted, verified,
      };
      points.push(point);
      log(`  invalidation ${n.toLocaleString('en-US').padStart(9)} entries: stamps ${point.stampCategoryMs.toFixed(3)} / ${point.stampAllMs.toFixed(3)} ms, `
        + `SCAN+DEL ${scanCategoryMs.toFixed(1)} / ${scanAllMs.toFixed(1)} ms (one category / all lists)${verified ? '' : '  NOT VERIFIED'}`);
    }
  } finally {
    await client.flushdb().catch(() => {});
    client.disconnect();
    await cache.close();
    await database.close();
  }
  return points;
}
