import { describe } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { defineListIndexSuite } from './list-index-store.suite.js';

describe('list indexes in process', () => {
  defineListIndexSuite({ backend: async () => new MemoryCache() });
});
