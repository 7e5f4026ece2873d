import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineLivePositionsSuite } from './live-positions.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL and Redis', () => {
  defineLivePositionsSuite('postgres', 'redis');
});
