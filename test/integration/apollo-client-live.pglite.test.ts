import { defineApolloClientSuite } from './apollo-client-live.suite.js';

defineApolloClientSuite('pglite', 'memory', 1);
