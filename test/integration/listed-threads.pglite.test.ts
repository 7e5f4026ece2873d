import { defineListedThreadsSuite } from './listed-threads.suite.js';

defineListedThreadsSuite('pglite');
