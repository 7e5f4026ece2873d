import { defineNodeIdsSuite } from './node-ids.suite.js';

defineNodeIdsSuite('pglite', 'memory');
