import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineSessionCacheSuite } from './session-cache.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineSessionCacheSuite('postgres', 'redis'));
