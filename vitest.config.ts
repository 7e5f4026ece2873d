import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  // One graphql instance for us and type-graphql (its scalars are checked with instanceof).
  resolve: { alias: { graphql: require.resolve('graphql') } },
  plugins: [swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // .ci/run reads its closing "N passed, N failed" line from the JSON report.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'forum', include: ['test/**/*.test.ts'], exclude: ['test/scale/**'] } },
      // The EXPLAIN guard seeds 10^5 threads (about three minutes the first time) and reads them: it runs once every
      // other suite has finished, so that its load does not slow them (sequence.groupOrder).
      { extends: true, test: { name: 'scale', include: ['test/scale/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
