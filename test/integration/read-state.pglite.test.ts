import { defineReadStateSuite } from './read-state.suite.js';

defineReadStateSuite('pglite', 'memory');
