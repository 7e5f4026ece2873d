import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineRenderBackfillSuite } from './render-backfill.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineRenderBackfillSuite('postgres', 'redis'));
