import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import type { CacheBackend } from '../../src/cache/cache-backend.js';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { testRedisDb } from '../support/redis-dbs.js';
import { REDIS_URL, redisUp } from '../support/services.js';
import { defineListIndexSuite } from './list-index-store.suite.js';

describe.skipIf(!redisUp)('list indexes on the local Redis', () => {
  const url = new URL(REDIS_URL);
  url.pathname = `/${testRedisDb()}`;
  const opened: RedisCache[] = [];
  const admin = new Redis(url.toString(), { lazyConnect: true });
  afterAll(async () => {
    for (const cache of opened) await cache.close();
    admin.disconnect();
  });
  defineListIndexSuite({
    backend: async (): Promise<CacheBackend> => {
      if (admin.status !== 'ready') await admin.connect();
      await admin.flushdb();
      const cache = new RedisCache(url.toString());
      await cache.ready(3000);
      opened.push(cache);
      return cache;
    },
    evict: async (key) => { await admin.del(key); },
  });
});
