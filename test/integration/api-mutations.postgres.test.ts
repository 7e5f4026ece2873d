import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiMutationsSuite } from './api-mutations.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiMutationsSuite('postgres', 'redis'));
