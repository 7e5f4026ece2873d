import { defineMutationStatementsSuite } from './mutation-statements.suite.js';

defineMutationStatementsSuite('pglite');
