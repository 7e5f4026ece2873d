import { definePersistedQueriesSuite } from './persisted-queries.suite.js';

definePersistedQueriesSuite('pglite', 'memory');
