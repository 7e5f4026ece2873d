import { describe } from 'vitest';
import { postgresUp } from '../support/services.js';
import { defineUncachedStatementsSuite } from './uncached-statements.suite.js';

describe.skipIf(!postgresUp)('on PostgreSQL', () => defineUncachedStatementsSuite('postgres'));
