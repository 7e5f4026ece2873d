import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiHttpSuite } from './api-http.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiHttpSuite('postgres', 'redis'));
