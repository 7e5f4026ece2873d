// Where Apollo finds a persisted query's document: only well-formed hashes are looked up, a document is kept only under
// its own SHA-256 (also when Redis holds something else under it), and a shared store that fails is a miss.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/cache/keys.js';
import { MAX_PERSISTED_DOCUMENT_BYTES, PersistedQueryStore, sha256Hex } from '../../src/cache/persisted-query-store.js';
import { RedisPersistedQueries } from '../../src/cache/redis-persisted-queries.js';
import { testRedisDb } from '../support/redis-dbs.js';
import { REDIS_URL, redisUp } from '../support/services.js';

const DOC = 'query Categories { categories { slug } }';
const HASH = sha256Hex(DOC);
const options = { manifest: null, registrations: true, shared: null, ttlS: 60, maxEntries: 100, timeoutMs: 200 };

describe('the persisted-query store', () => {
  it('finds a registered document by its hash, with or without the apq: prefix Apollo adds', async () => {
    const store = new PersistedQueryStore(options);
    expect(await store.get(`apq:${HASH}`)).toBeUndefined();
    await store.set(`apq:${HASH}`, DOC);
    expect(await store.get(`apq:${HASH}`)).toBe(DOC);
    expect(await store.get(HASH)).toBe(DOC);
  });

  it('registers nothing under a key that is not its SHA-256, or past 32 KiB', async () => {
    const store = new PersistedQueryStore(options);
    const other = sha256Hex('something else');
    await store.set(`apq:${other}`, DOC);
    expect(await store.get(`apq:${other}`)).toBeUndefined();
    await store.set('apq:x', DOC);
    expect(await store.get('apq:x')).toBeUndefined();
    const big = `${DOC} #${'x'.repeat(MAX_PERSISTED_DOCUMENT_BYTES)}`;
    await store.set(`apq:${sha256Hex(big)}`, big);
    expect(await store.get(`apq:${sha256Hex(big)}`)).toBeUndefined();
  });

  it("answers the manifest's documents, and registers nothing when registrations are off (PERSISTED_QUERIES=only)", async () => {
    const store = new PersistedQueryStore({ ...options, manifest: new Map([[HASH, DOC]]), registrations: false });
    expect(await store.get(`apq:${HASH}`)).toBe(DOC);
    const other = '{ categories { name } }';
    await store.set(`apq:${sha256Hex(other)}`, other);
    expect(await store.get(`apq:${sha256Hex(other)}`)).toBeUndefined();
  });

  it('treats a shared store that fails or hangs as a miss', async () => {
    const failing = { get: async () => { throw new Error('down'); }, register: async () => { throw new Error('down'); } };
    const hanging = { get: () => new Promise<string | null>(() => {}), register: () => new Promise<void>(() => {}) };
    for (const shared of [failing, hanging]) {
      const store = new PersistedQueryStore({ ...options, shared: shared as unknown as RedisPersistedQueries, timeoutMs: 50 });
      expect(await store.get(`apq:${HASH}`)).toBeUndefined();
      await store.set(`apq:${HASH}`, DOC); // kept in the process's own copies
      expect(await store.get(`apq:${HASH}`)).toBe(DOC);
    }
  });
});

describe.skipIf(!redisUp)('the persisted-query store on Redis', () => {
  const url = new URL(REDIS_URL);
  url.pathname = `/${testRedisDb()}`;
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(url.toString());
    await redis.del(keys.persistedQueryIndex(), keys.persistedQuery(HASH));
  });
  afterAll(() => redis?.disconnect());

  it('shares a registration with another store, and never serves a document Redis holds under another hash', async () => {
    const one = new PersistedQueryStore({ ...options, shared: new RedisPersistedQueries(redis) });
    const two = new PersistedQueryStore({ ...options, shared: new RedisPersistedQueries(redis) });
    await one.set(`apq:${HASH}`, DOC);
    expect(await two.get(`apq:${HASH}`)).toBe(DOC);
    expect(await redis.ttl(keys.persistedQuery(HASH))).toBeGreaterThan(50);

    const forged = sha256Hex('forged');
    await redis.set(keys.persistedQuery(forged), '{ categories { slug } }', 'EX', 60);
    expect(await two.get(`apq:${forged}`)).toBeUndefined();
  });
});
