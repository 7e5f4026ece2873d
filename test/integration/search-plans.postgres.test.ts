import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineSearchPlanSuite } from './search-plans.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineSearchPlanSuite('postgres', 'redis');
});
