import { defineReadStateSuite } from './read-state.suite.js';

defineReadStateSuite('postgres', 'redis');
