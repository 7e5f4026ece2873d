import { defineCacheGuaranteesSuite } from './cache-guarantees.suite.js';

defineCacheGuaranteesSuite('pglite', 'memory');
