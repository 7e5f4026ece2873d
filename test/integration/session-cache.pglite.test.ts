import { defineSessionCacheSuite } from './session-cache.suite.js';

defineSessionCacheSuite('pglite', 'memory');
