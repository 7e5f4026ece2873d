import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineLiveSuite } from './live.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineLiveSuite('postgres', 'redis');
});
