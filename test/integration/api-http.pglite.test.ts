import { defineApiHttpSuite } from './api-http.suite.js';

defineApiHttpSuite('pglite', 'memory');
