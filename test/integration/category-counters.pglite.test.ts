import { defineCategoryCountersSuite } from './category-counters.suite.js';

defineCategoryCountersSuite('pglite');
