import { definePeopleSuite, defineProfilesSuite } from './people.suite.js';

definePeopleSuite('pglite', 'memory');
defineProfilesSuite('pglite', 'memory');
