import { defineMaintainedListSuite } from './maintained-lists.suite.js';

defineMaintainedListSuite('pglite', 'memory');
