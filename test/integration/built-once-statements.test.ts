import { defineBuiltOnceStatementsSuite } from './built-once-statements.suite.js';

// Both databases in one process, PGlite first: a statement built for one database must never run on the other's
// handles (each has its own driver, connections and statement log).
defineBuiltOnceStatementsSuite('pglite');
defineBuiltOnceStatementsSuite('postgres');
