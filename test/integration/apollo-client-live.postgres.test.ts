import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApolloClientSuite } from './apollo-client-live.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineApolloClientSuite('postgres', 'redis', 2);
});
