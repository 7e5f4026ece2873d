import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiErrorsSuite } from './api-errors.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiErrorsSuite('postgres', 'redis'));
