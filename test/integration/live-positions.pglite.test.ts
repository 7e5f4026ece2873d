import { defineLivePositionsSuite } from './live-positions.suite.js';

defineLivePositionsSuite('pglite', 'memory');
