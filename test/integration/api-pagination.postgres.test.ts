import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiPaginationSuite } from './api-pagination.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiPaginationSuite('postgres', 'redis'));
