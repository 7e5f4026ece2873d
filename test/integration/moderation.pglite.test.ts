import { defineModerationSuite } from './moderation.suite.js';

defineModerationSuite('pglite', 'memory');
