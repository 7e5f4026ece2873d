import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApolloReadingSuite } from './apollo-client-reading.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineApolloReadingSuite('postgres', 'redis');
});
