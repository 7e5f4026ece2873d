import { defineBuiltOnceStatementsSuite } from './built-once-statements.suite.js';

defineBuiltOnceStatementsSuite('pglite');
