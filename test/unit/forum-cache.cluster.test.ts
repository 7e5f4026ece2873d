import { describe } from 'vitest';
import { clusterFixture, defineCacheSuite } from './forum-cache.suite.js';

describe('on a Redis Cluster of its own (3 masters, 3 replicas)', () => {
  defineCacheSuite(clusterFixture());
});
