import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiLimitsSuite } from './api-limits.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiLimitsSuite('postgres', 'redis'));
