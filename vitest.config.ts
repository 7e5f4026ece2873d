import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  // One graphql instance for us and type-graphql (its scalars are checked with instanceof).
  resolve: { alias: { graphql: require.resolve('graphql') } },
  plugins: [swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // .ci/run reads its closing "N passed, N failed" line from the JSON report.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
