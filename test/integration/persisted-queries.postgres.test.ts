import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { definePersistedQueriesSuite } from './persisted-queries.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => definePersistedQueriesSuite('postgres', 'redis'));
