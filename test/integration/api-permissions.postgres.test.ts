import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiPermissionsSuite } from './api-permissions.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiPermissionsSuite('postgres', 'redis'));
