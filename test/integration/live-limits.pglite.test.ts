import { defineLiveLimitsSuite } from './live-limits.suite.js';

defineLiveLimitsSuite('pglite', 'memory');
