import { defineReadingPagesSuite } from './reading-pages.suite.js';

defineReadingPagesSuite('pglite', 'memory');
