import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineHttpCachingSuite } from './http-caching.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineHttpCachingSuite('postgres', 'redis'));
