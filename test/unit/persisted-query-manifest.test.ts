// PERSISTED_QUERIES_MANIFEST is checked once at start-up: a manifest that could not serve stops the server with every
// reason, naming the file and the operation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/cache/persisted-query-store.js';
import { forumSchema } from '../../src/graphql/schema.js';
import { loadManifest, ManifestError } from '../../src/http/persisted-query-manifest.js';

const dir = mkdtempSync(join(tmpdir(), 'forum-manifest-unit-'));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `manifest-${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const op = (body: string, extra: Record<string, unknown> = {}) => ({ id: sha256Hex(body), name: 'Op', type: 'query', body, ...extra });
const manifest = (...operations: unknown[]) => ({ format: 'apollo-persisted-query-manifest', version: 1, operations });

async function problemOf(path: string): Promise<string> {
  const schema = await forumSchema();
  try {
    loadManifest(path, schema);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as Error).message;
  }
  throw new Error('the manifest was accepted');
}

describe('a persisted-query manifest', () => {
  it("is read into its documents by id, when in the format of Apollo's generate-persisted-query-manifest", async () => {
    const categories = 'query Categories { categories { slug } }';
    const login = 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
    const loaded = loadManifest(file(manifest(op(categories), op(login, { name: 'Login', type: 'mutation' }))), await forumSchema());
    expect([...loaded]).toEqual([[sha256Hex(categories), categories], [sha256Hex(login), login]]);
  });

  it('is refused when it cannot be read, is not JSON, or is not in that format', async () => {
    expect(await problemOf(join(dir, 'missing.json'))).toBe(`PERSISTED_QUERIES_MANIFEST ${join(dir, 'missing.json')}: cannot be read (ENOENT)`);
    expect(await problemOf(file('{ not json'))).toMatch(/: is not JSON$/);
    expect(await problemOf(file({ '5f1b': 'query { categories { slug } }' }))).toMatch(/format: .*generate-persisted-query-manifest/);
    expect(await problemOf(file(manifest()))).toMatch(/operations: /);
    expect(await problemOf(file({ ...manifest(op('{ categories { slug } }')), version: 2 }))).toMatch(/version: /);
  });

  it('names every operation that could not run, and why', async () => {
    const message = await problemOf(file(manifest(
      op('{ categories { slug } }', { id: 'abc' }),
      op('{ categories { slug } }', { id: sha256Hex('something else') }),
      op('{ categories { slug } '),
      op('{ nothing }', { name: 'Nothing' }),
      op('query A { categories { slug } } query B { categories { name } }'),
      op('{ categories { slug } }', { type: 'mutation' }),
      op(`{ ${Array.from({ length: 51 }, (_, i) => `a${i}: __typename`).join(' ')} }`),
      op('{ categories { slug } }'),
    )));
    expect(message).toContain('operation 0 (Op): its id must be 64 lower-case hexadecimal digits');
    expect(message).toContain('operation 1 (Op): its id is not the SHA-256 of its body');
    expect(message).toContain('operation 2 (Op): its body does not parse');
    expect(message).toContain('operation 3 (Nothing): its body is not valid against this schema: Cannot query field "nothing"');
    expect(message).toContain('operation 4 (Op): its body must hold exactly one operation');
    expect(message).toContain('operation 5 (Op): its type is mutation, its body a query');
    expect(message).toContain('operation 6 (Op): its body is not valid against this schema');
    expect(message).not.toContain('operation 7');
  });
});
