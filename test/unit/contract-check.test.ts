// npm run contract checks schema.graphql against the repository's own copy of the API contract, or a path given.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const check = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['scripts/check-contract.mjs', ...args], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
};
const dir = mkdtempSync(join(tmpdir(), 'forum-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the contract check', () => {
  it('passes schema.graphql against the contract kept in the repository', () => {
    expect(check()).toEqual({ status: 0, output: 'contract: schema.graphql keeps every promise of contract/api-contract.graphql' });
  });

  it('says what it needs when there is no contract at the path given', () => {
    const { status, output } = check(join(dir, 'missing.graphql'));
    expect(status).toBe(2);
    expect(output).toBe(`contract: no contract at ${join(dir, 'missing.graphql')}. It needs the API contract (a GraphQL SDL file): `
      + 'the repository\'s copy is contract/api-contract.graphql; give another with npm run contract -- <path>');
  });

  it('names each broken promise of a schema that dropped a field', () => {
    const schema = readFileSync('schema.graphql', 'utf8').replace(/^\s*excerpt: String!\n/m, '');
    writeFileSync(join(dir, 'schema.graphql'), schema);
    const { status, output } = check('--schema', join(dir, 'schema.graphql'));
    expect(status).toBe(1);
    expect(output).toContain('FIELD_REMOVED: Thread.excerpt was removed.');
    expect(output).toMatch(/contract: 1 broken promise\(s\)$/);
  });
});
