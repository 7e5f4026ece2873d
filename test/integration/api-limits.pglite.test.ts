import { defineApiLimitsSuite } from './api-limits.suite.js';

defineApiLimitsSuite('pglite', 'memory');
