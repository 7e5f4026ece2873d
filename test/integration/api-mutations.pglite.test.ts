import { defineApiMutationsSuite } from './api-mutations.suite.js';

defineApiMutationsSuite('pglite', 'memory');
