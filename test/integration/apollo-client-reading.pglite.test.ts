import { defineApolloReadingSuite } from './apollo-client-reading.suite.js';

defineApolloReadingSuite('pglite', 'memory');
