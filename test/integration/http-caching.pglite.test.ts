import { defineHttpCachingSuite } from './http-caching.suite.js';

defineHttpCachingSuite('pglite', 'memory');
