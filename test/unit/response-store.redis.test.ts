import { describe } from 'vitest';
import { redisUp } from '../support/services.js';
import { redisFixture } from './forum-cache.suite.js';
import { defineResponseStoreSuite } from './response-store.suite.js';

describe.skipIf(!redisUp)('on the local Redis', () => {
  defineResponseStoreSuite(redisFixture());
});
