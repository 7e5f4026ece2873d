// Stored responses and stamp values as data, on each backend: what the response fast path relies on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stampedKey, type CacheBackend } from '../../src/cache/cache-backend.js';
import { GuardedBackend } from '../../src/cache/guarded-backend.js';
import { ResponseDeps } from '../../src/cache/response-deps.js';
import { ResponseStore } from '../../src/cache/response-store.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import type { BackendFixture } from './forum-cache.suite.js';

const THREAD = { key: 'forum:thread:t1', stamps: ['forum:gen:epoch', 'forum:gen:thread:t1'] };
const CATEGORY = { key: 'forum:category:c1', stamps: ['forum:gen:epoch', 'forum:gen:category:c1'] };
const HEADERS: [string, string][] = [['content-type', 'application/json'], ['content-length', '11']];

export function defineResponseStoreSuite(fixture: BackendFixture) {
  describe(`stamp values and stored responses on ${fixture.name}`, () => {
    let backend: CacheBackend;
    let guarded: GuardedBackend;
    let store: ResponseStore;

    beforeEach(async () => {
      backend = await fixture.make();
      guarded = new GuardedBackend({ backend, metrics: new Metrics(), logger: createLogger('silent'), opTimeoutMs: fixture.opTimeoutMs });
      store = new ResponseStore(guarded, new Metrics());
    });
    afterEach(async () => {
      await guarded.close();
    });

    /** Reads entries the way a request does and records them, as the cache service does. */
    async function depsOf(...requests: (typeof THREAD)[]): Promise<ResponseDeps> {
      const deps = new ResponseDeps();
      const reads = await backend.read(requests);
      reads.forEach((read, i) => deps.addRead(requests[i]!, read, 60));
      return deps;
    }

    it('returns the stamp values of each read, in the order of its stamps, and the fill key built from them', async () => {
      const [thread, category] = await backend.read([THREAD, CATEGORY]);
      expect(thread!.stampValues).toHaveLength(2);
      expect(category!.stampValues[0]).toBe(thread!.stampValues[0]); // one epoch
      expect(thread!.fillKey).toBe(stampedKey(THREAD.key, thread!.stampValues));
      await backend.write(thread!.fillKey, '"v"', 60);
      const [again] = await backend.read([THREAD]);
      expect(again).toEqual({ value: '"v"', stampValues: thread!.stampValues, fillKey: thread!.fillKey });
    });

    it('answers a stored response while its stamps hold, from this process and from a fresh one', async () => {
      await store.store('forum:responses:a', await depsOf(THREAD, CATEGORY), HEADERS, '{"data":{}}', 'v1');
      const local = await store.lookup('forum:responses:a');
      expect(local?.body.toString()).toBe('{"data":{}}');
      expect(local?.headers).toEqual({ 'content-type': 'application/json' });
      const other = await new ResponseStore(guarded, new Metrics()).lookup('forum:responses:a');
      expect(other?.body.toString()).toBe('{"data":{}}');
    });

    it('checks the stamps once for lookups of one response that start together, and again for a lookup after a bump', async () => {
      await store.store('forum:responses:a', await depsOf(THREAD, CATEGORY), HEADERS, '{"data":{}}', 'v1');
      let checks = 0;
      const stampsMatch = backend.stampsMatch.bind(backend);
      backend.stampsMatch = (stamps) => { checks++; return stampsMatch(stamps); };
      const together = await Promise.all(Array.from({ length: 20 }, () => store.lookup('forum:responses:a')));
      expect(together.every((r) => r?.body.toString() === '{"data":{}}')).toBe(true);
      expect(checks).toBe(1);
      await backend.bump(['forum:gen:thread:t1']);
      expect(await store.lookup('forum:responses:a')).toBeNull();
      expect(checks).toBeGreaterThan(1); // a check of its own (the shared store may check again inside its read)
    });

    it('answers nothing once any stamp the response was built from is bumped, locally or shared', async () => {
      await store.store('forum:responses:a', await depsOf(THREAD, CATEGORY), HEADERS, '{"data":{}}', 'v1');
      const before = await backend.readResponse('forum:responses:a');
      expect(new Map(before!.stamps)).toEqual((await depsOf(THREAD, CATEGORY)).stamps);
      await backend.bump(['forum:gen:category:c1']);
      expect(await store.lookup('forum:responses:a')).toBeNull();
      expect(await new ResponseStore(guarded, new Metrics()).lookup('forum:responses:a')).toBeNull();
      expect(await backend.readResponse('forum:responses:a')).toBeNull();
    });

    it('does not store a response whose stamps moved while it was built', async () => {
      const deps = await depsOf(THREAD);
      await backend.bump(['forum:gen:thread:t1']);
      const [late] = await backend.read([THREAD]);
      deps.addRead(THREAD, late!, 60);
      expect(deps.canStore).toBe(false);
      await store.store('forum:responses:a', deps, HEADERS, '{"data":{}}', 'v1');
      expect(await store.lookup('forum:responses:a')).toBeNull();
    });

    it('stores and answers a response built from thousands of stamps (many lists of many threads)', { timeout: 60_000 }, async () => {
      // Scripts over 10,000 keys take longer than a request's timeout on a busy machine: what is tested here is that
      // they work at that size, so this backend waits for them.
      guarded = new GuardedBackend({ backend, metrics: new Metrics(), logger: createLogger('silent'), opTimeoutMs: 10_000 });
      store = new ResponseStore(guarded, new Metrics());
      const requests = Array.from({ length: 5_000 }, (_, i) => ({ key: `forum:thread:t${i}`, stamps: ['forum:gen:epoch', `forum:gen:thread:t${i}`] }));
      await store.store('forum:responses:big', await depsOf(...requests), HEADERS, '{"data":{}}', 'v1');
      expect(guarded.available).toBe(true);
      expect((await new ResponseStore(guarded, new Metrics()).lookup('forum:responses:big'))?.body.toString()).toBe('{"data":{}}');
      await backend.bump(['forum:gen:thread:t4999']);
      expect(await store.lookup('forum:responses:big')).toBeNull();
    });

    if (fixture.redis) {
      it('never answers a response whose stamp Redis lost', async () => {
        await store.store('forum:responses:a', await depsOf(THREAD), HEADERS, '{"data":{}}', 'v1');
        await fixture.redis!().del((fixture.storedAs ?? String)('forum:gen:thread:t1'));
        expect(await store.lookup('forum:responses:a')).toBeNull();
      });

      it('gives a stored response the lifetime it was stored with', async () => {
        const deps = await depsOf(THREAD);
        deps.limitTtl(30);
        await store.store('forum:responses:a', deps, HEADERS, '{"data":{}}', 'v1');
        expect(await fixture.redis!().ttl('forum:responses:a')).toBeGreaterThan(25);
      });
    }
  });
}
