import { defineApiPaginationSuite } from './api-pagination.suite.js';

defineApiPaginationSuite('pglite', 'memory');
