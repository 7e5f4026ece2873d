import { defineUncachedStatementsSuite } from './uncached-statements.suite.js';

defineUncachedStatementsSuite('pglite');
