import { defineNodeIdsSuite } from './node-ids.suite.js';

defineNodeIdsSuite('postgres', 'redis');
