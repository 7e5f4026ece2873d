import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import type { CacheBackend } from '../../src/cache/cache-backend.js';
import { ForumCacheService } from '../../src/cache/forum-cache.service.js';
import { normalizeListArgs } from '../../src/cache/keys.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { defineCacheSuite, memoryFixture, TTL } from './forum-cache.suite.js';

defineCacheSuite(memoryFixture());

describe('the in-process cache', () => {
  it('expires entries after their TTL', async () => {
    let now = 1_000_000;
    const cache = new MemoryCache({ now: () => now });
    const [read] = await cache.read([{ key: 'k', stamps: ['s'] }]);
    await cache.write(read!.fillKey, 'v', 10);
    expect((await cache.read([{ key: 'k', stamps: ['s'] }]))[0]!.value).toBe('v');
    now += 10_001;
    expect((await cache.read([{ key: 'k', stamps: ['s'] }]))[0]!.value).toBeNull();
  });

  it('stays within its entry bound, evicting the least recently used', async () => {
    const cache = new MemoryCache({ maxEntries: 3 });
    const read = async (key: string) => (await cache.read([{ key, stamps: ['s'] }]))[0]!;
    for (const k of ['a', 'b', 'c']) await cache.write((await read(k)).fillKey, k, 60);
    expect((await read('a')).value).toBe('a'); // 'a' becomes the most recently used
    await cache.write((await read('d')).fillKey, 'd', 60);
    expect(cache.size).toBe(3);
    expect((await read('a')).value).toBe('a');
    expect((await read('b')).value).toBeNull();
  });

  it('never brings an evicted stamp back to an old value, so entries stored under it stay unreachable', async () => {
    const cache = new MemoryCache({ maxEntries: 1 }); // room for 4 stamps
    const request = { key: 'k', stamps: ['s'] };
    const [before] = await cache.read([request]);
    await cache.write(before!.fillKey, 'v', 60);
    await cache.read(['a', 'b', 'c', 'd'].map((s) => ({ key: s, stamps: [s] }))); // evicts the stamp 's'
    const [after] = await cache.read([request]);
    expect(cache.size).toBe(1); // the entry itself is still there
    expect(after!.stampValues).not.toEqual(before!.stampValues);
    expect(after!.value).toBeNull();
  });

  it('lets a reader whose cache read raced the fill share the finished load instead of loading again', async () => {
    const memory = new MemoryCache();
    let missAnyway = false; // the reader's read left before the fill landed and comes back a miss
    const backend: CacheBackend = {
      name: 'memory',
      lists: memory.lists,
      read: async (requests) => (await memory.read(requests)).map((r) => (missAnyway ? { ...r, value: null } : r)),
      write: (k, v, t) => memory.write(k, v, t),
      readResponse: (k) => memory.readResponse(k),
      stampsMatch: (d) => memory.stampsMatch(d),
      writeResponse: (k, d, p, t) => memory.writeResponse(k, d, p, t),
      bump: (s) => memory.bump(s),
      readViewCounts: (ids) => memory.readViewCounts(ids),
      raiseViewCounts: (t) => memory.raiseViewCounts(t),
      ping: () => memory.ping(),
      onDisconnect: () => {},
      close: () => memory.close(),
    };
    const service = new ForumCacheService({
      backend, db: null as never, ttl: TTL, metrics: new Metrics(), logger: createLogger('silent'), pollMs: 0,
    });
    let loads = 0;
    const load = async () => { loads++; return null; };
    await service.thread('t', load);
    missAnyway = true;
    await service.thread('t', load);
    expect(loads).toBe(1);
    await service.invalidateThread('t'); // new stamps: a new load
    await service.thread('t', load);
    expect(loads).toBe(2);
    await service.close();
  });

  it('gives threads, lists and categories their own TTLs', async () => {
    let now = 1_000_000;
    const service = new ForumCacheService({
      backend: new MemoryCache({ now: () => now }), db: null as never, ttl: TTL, metrics: new Metrics(),
      logger: createLogger('silent'), pollMs: 0,
    });
    const args = normalizeListArgs({});
    await service.setThread(await service.getThread('t'), null);
    await service.setThreadList(await service.getThreadList(args), args, { slugs: [], cursors: [], hasNextPage: false, hasPreviousPage: false, totalCount: 0 });
    await service.setCategory(await service.getCategory('c'), null);
    now += (TTL.thread + 1) * 1000;
    expect((await service.getThread('t')).hit).toBe(false);
    expect((await service.getThreadList(args)).hit).toBe(true);
    now += (TTL.list - TTL.thread) * 1000;
    expect((await service.getThreadList(args)).hit).toBe(false);
    expect((await service.getCategory('c')).hit).toBe(true);
    now += (TTL.category - TTL.list) * 1000;
    expect((await service.getCategory('c')).hit).toBe(false);
  });

  it('stays within its byte bound', async () => {
    const cache = new MemoryCache({ maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) await cache.write(`k${i}`, 'x'.repeat(500), 60);
    expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('does not store an entry larger than its byte bound', async () => {
    const cache = new MemoryCache({ maxBytes: 1_000 });
    await cache.write('k', 'x'.repeat(1_000), 60);
    expect(cache.size).toBe(0);
  });

  it('expires stored responses after their TTL', async () => {
    let now = 1_000_000;
    const cache = new MemoryCache({ now: () => now });
    await cache.writeResponse('r', new Map(), 'payload', 10);
    expect(await cache.readResponse('r')).toEqual({ stamps: [], payload: 'payload' });
    now += 10_001;
    expect(await cache.readResponse('r')).toBeNull();
  });
});
