import { defineReadingPagesSuite } from './reading-pages.suite.js';

defineReadingPagesSuite('postgres', 'redis');
