import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { definePeopleSuite, defineProfilesSuite } from './people.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => {
  definePeopleSuite('postgres', 'redis');
  defineProfilesSuite('postgres', 'redis');
});
