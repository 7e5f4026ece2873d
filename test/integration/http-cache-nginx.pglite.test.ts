import { defineNginxSuite } from './http-cache-nginx.suite.js';

defineNginxSuite('pglite', 'memory');
