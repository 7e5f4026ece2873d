import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineMaintainedListSuite } from './maintained-lists.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineMaintainedListSuite('postgres', 'redis');
});
