import { describe } from 'vitest';
import { postgresUp } from '../support/services.js';
import { defineCategoryCountersSuite } from './category-counters.suite.js';

describe.skipIf(!postgresUp)('on PostgreSQL', () => defineCategoryCountersSuite('postgres'));
