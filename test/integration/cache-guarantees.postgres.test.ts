import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineCacheGuaranteesSuite } from './cache-guarantees.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineCacheGuaranteesSuite('postgres', 'redis');
});
