import { describe } from 'vitest';
import { useOwnRedisCluster } from '../support/forum.js';
import { postgresUp } from '../support/services.js';
import { defineCacheGuaranteesSuite } from './cache-guarantees.suite.js';

describe.skipIf(!postgresUp)('on PostgreSQL and a Redis Cluster of its own (3 masters, 3 replicas)', () => {
  useOwnRedisCluster();
  defineCacheGuaranteesSuite('postgres', 'cluster');
});
