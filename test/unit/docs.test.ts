// docs/ is the reference users read instead of the code: where a rule can be compared with the code, it is here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { ErrorCode } from '../../src/errors.js';
import { MAX_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_TOKENS } from '../../src/http/apollo.js';
import { MAX_BODY_BYTES } from '../../src/http/body.js';

const read = (path: string) => readFileSync(path, 'utf8');
/** The first column of a Markdown table's rows, backticks removed, under the heading given. */
function firstColumn(markdown: string, heading: string): string[] {
  const section = markdown.slice(markdown.indexOf(heading));
  const table = /\n(\|.*\|\n)+/.exec(section)![0];
  return table.trim().split('\n').slice(2).map((row) => row.split('|')[1]!.trim().replace(/`/g, ''));
}

describe('docs/', () => {
  it('configuration.md lists every variable the server reads, and no other, with its default', () => {
    const rows = firstColumn(read('docs/configuration.md'), '## Variables');
    expect([...rows].sort()).toEqual([...CONFIG_VARIABLES].sort());
    const config = loadConfig({});
    const doc = read('docs/configuration.md');
    expect(doc).toContain(`| \`PORT\` | \`${config.port}\` |`);
    expect(doc).toContain(`| \`CACHE_TTL_LIST_S\` | \`${config.ttl.list}\` |`);
    expect(doc).toContain(`| \`CACHE_MEMORY_MAX_BYTES\` | \`${config.memoryCache.maxBytes}\` |`);
  });

  it('api.md names every error code a client can receive, and no other', () => {
    const rows = firstColumn(read('docs/api.md'), '## Errors');
    expect([...rows].sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('api.md states the request limits the server enforces', () => {
    const doc = read('docs/api.md');
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(doc).toContain('| request body | at most 1 MiB |');
    expect(doc).toContain(`| query depth | at most ${MAX_QUERY_DEPTH} nested fields`);
    expect(doc).toContain(`| query cost | at most ${MAX_QUERY_COST.toLocaleString('en-US')}:`);
    expect(doc).toContain(`| aliases | at most ${MAX_ALIASES} in a document |`);
    expect(doc).toContain(`| document size | at most ${MAX_TOKENS.toLocaleString('en-US')} tokens |`);
  });

  it('the README and docs link only to files inside the repository', () => {
    for (const path of ['README.md', 'docs/README.md', 'docs/api.md', 'docs/configuration.md', 'docs/architecture.md']) {
      const text = read(path);
      expect(text, path).not.toMatch(/\.\.\/shared/);
      if (path.startsWith('docs/')) expect(text, path).not.toMatch(/\bAPI\.md|DESIGN\.md/);
      const base = path.startsWith('docs/') ? 'docs/' : '';
      for (const [, target] of text.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        expect(() => read(new URL(target!, `file://${process.cwd()}/${base}`).pathname), `${path} → ${target}`).not.toThrow();
      }
    }
  });
});
