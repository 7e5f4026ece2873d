import { defineApiSuite } from './api.suite.js';

defineApiSuite('pglite', 'memory');
