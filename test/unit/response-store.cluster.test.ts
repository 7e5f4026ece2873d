import { afterAll, describe } from 'vitest';
import { clusterFixture } from './forum-cache.suite.js';
import { defineResponseStoreSuite } from './response-store.suite.js';

describe('on a Redis Cluster of its own (3 masters, 3 replicas)', () => {
  const fixture = clusterFixture();
  afterAll(() => fixture.close?.());
  defineResponseStoreSuite(fixture);
});
