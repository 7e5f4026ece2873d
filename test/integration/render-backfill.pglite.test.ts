import { defineRenderBackfillSuite } from './render-backfill.suite.js';

defineRenderBackfillSuite('pglite', 'memory');
