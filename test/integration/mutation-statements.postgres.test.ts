import { describe } from 'vitest';
import { postgresUp } from '../support/services.js';
import { defineMutationStatementsSuite } from './mutation-statements.suite.js';

describe.skipIf(!postgresUp)('on PostgreSQL', () => defineMutationStatementsSuite('postgres'));
