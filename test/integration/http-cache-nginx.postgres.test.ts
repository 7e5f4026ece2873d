import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineNginxSuite } from './http-cache-nginx.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineNginxSuite('postgres', 'redis'));
