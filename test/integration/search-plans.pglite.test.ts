import { defineSearchPlanSuite } from './search-plans.suite.js';

defineSearchPlanSuite('pglite', 'memory');
