import { defineApiErrorsSuite } from './api-errors.suite.js';

defineApiErrorsSuite('pglite', 'memory');
