import { defineFreshnessSuite } from './freshness.suite.js';

defineFreshnessSuite('pglite', 'memory');
