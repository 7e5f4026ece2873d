// Start-up as an operator sees it: bad configuration stops it with one clear line, not a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000,
  });
  return { status: result.status, lines: `${result.stdout}${result.stderr}`.trim().split('\n') };
}

describe('start-up with bad configuration', () => {
  it('stops with one line naming every bad variable', () => {
    const { status, lines } = start({ PORT: '99999', DATABASE_URL: 'not a url', CACHE: 'sometimes' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^forum-server: invalid configuration: /);
    for (const name of ['PORT', 'DATABASE_URL', 'CACHE']) expect(lines[0]).toContain(name);
    expect(lines[0]).not.toMatch(/\n\s+at /);
  });

  it('names the variable, its rule and the value given, with a URL password masked', () => {
    const { status, lines } = start({ PORT: 'abc', REDIS_URL: 'http://:s3cret@cache:6379' });
    expect(status).toBe(1);
    expect(lines).toEqual(['forum-server: invalid configuration: PORT must be an integer from 0 to 65535, got "abc"; '
      + 'REDIS_URL must be a URL starting with redis:// or rediss://, got "http://:***@cache:6379"']);
  });

  it('stops before opening the database when the persisted-query manifest cannot serve', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forum-startup-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1,
      operations: [{ id: '0'.repeat(64), name: 'Categories', type: 'query', body: '{ categories { slug } }' }] }));
    const { status, lines } = start({ PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: manifest, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' });
    expect(status).toBe(1);
    expect(lines).toEqual([`forum-server: start-up failed: PERSISTED_QUERIES_MANIFEST ${manifest}: `
      + 'operation 0 (Categories): its id is not the SHA-256 of its body']);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('stops with one line when the database cannot be reached', () => {
    const { status, lines } = start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
    expect(status).toBe(1);
    expect(lines.at(-1)).toMatch(/^forum-server: start-up failed: /);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });
});
