import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineModerationSuite } from './moderation.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineModerationSuite('postgres', 'redis'));
