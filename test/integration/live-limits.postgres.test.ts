import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineLiveLimitsSuite } from './live-limits.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineLiveLimitsSuite('postgres', 'redis');
});
