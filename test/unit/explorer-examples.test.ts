// The explorer preloads the README's example operations: the two must say the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS, exampleTabs } from '../../src/http/explorer/example-operations.js';

describe('the explorer\'s example operations', () => {
  it('are the README\'s, character for character', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Try it in Sandbox'));
    const block = /```graphql\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(EXAMPLE_OPERATIONS);
  });

  it('hold every operation of them, reads in one tab and writes in the other', () => {
    const [reads, writes] = exampleTabs();
    for (const name of ['query Home', 'query Search', 'query Thread']) expect(reads!.query).toContain(name);
    for (const name of ['mutation SignIn', 'mutation Post']) expect(writes!.query).toContain(name);
  });
});
