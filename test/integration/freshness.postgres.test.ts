import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineFreshnessSuite } from './freshness.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineFreshnessSuite('postgres', 'redis');
});
