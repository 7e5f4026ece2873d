import { describe } from 'vitest';
import { postgresUp } from '../support/services.js';
import { defineListedThreadsSuite } from './listed-threads.suite.js';

describe.skipIf(!postgresUp)('on PostgreSQL', () => defineListedThreadsSuite('postgres'));
