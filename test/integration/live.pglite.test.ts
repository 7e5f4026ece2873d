import { defineLiveSuite } from './live.suite.js';

defineLiveSuite('pglite', 'memory');
