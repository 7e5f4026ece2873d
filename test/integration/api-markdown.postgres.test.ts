import { describe } from 'vitest';
import { postgresUp, redisUp } from '../support/services.js';
import { defineApiMarkdownSuite } from './api-markdown.suite.js';

describe.skipIf(!postgresUp || !redisUp)('on PostgreSQL with Redis', () => defineApiMarkdownSuite('postgres', 'redis'));
