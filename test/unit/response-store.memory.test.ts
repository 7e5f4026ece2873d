import { describe, expect, it } from 'vitest';
import { GuardedBackend } from '../../src/cache/guarded-backend.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { ResponseDeps } from '../../src/cache/response-deps.js';
import { ResponseStore } from '../../src/cache/response-store.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { memoryFixture } from './forum-cache.suite.js';
import { defineResponseStoreSuite } from './response-store.suite.js';

defineResponseStoreSuite(memoryFixture());

describe("this process's copies of stored responses", () => {
  it('stay within their bound, and a response whose copy was evicted is still found in the shared store', async () => {
    const memory = new MemoryCache();
    const guarded = new GuardedBackend({ backend: memory, metrics: new Metrics(), logger: createLogger('silent') });
    const store = new ResponseStore(guarded, new Metrics(), { maxLocalEntries: 2 });
    const request = { key: 'k', stamps: ['s'] };
    for (const key of ['a', 'b', 'c']) {
      const deps = new ResponseDeps();
      deps.addRead(request, (await memory.read([request]))[0]!, 60);
      await store.store(key, deps, [], `{"data":"${key}"}`, key);
    }
    let sharedReads = 0;
    const readResponse = memory.readResponse.bind(memory);
    memory.readResponse = async (key) => { sharedReads++; return readResponse(key); };
    expect((await store.lookup('c'))?.body.toString()).toBe('{"data":"c"}');
    expect(sharedReads).toBe(0); // a copy: only its stamps were compared
    expect((await store.lookup('a'))?.body.toString()).toBe('{"data":"a"}');
    expect(sharedReads).toBe(1); // evicted here, found in the shared store
  });
});
