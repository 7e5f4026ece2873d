import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiSuite } from './api.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiSuite('postgres', 'redis'));
