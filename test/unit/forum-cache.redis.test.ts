import { describe } from 'vitest';
import { redisUp } from '../support/services.js';
import { defineCacheSuite, redisFixture } from './forum-cache.suite.js';

describe.skipIf(!redisUp)('on the local Redis', () => {
  defineCacheSuite(redisFixture());
});
