// Clients generate code from the committed schema.graphql: it must be exactly what the code emits (npm run schema).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { forumSchema } from '../../src/graphql/schema.js';

const committed = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

describe('schema.graphql', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forum-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is byte for byte the schema the code emits', async () => {
    const emitted = join(dir, 'schema.graphql');
    await forumSchema(emitted);
    // Strings first, for a readable diff; then bytes, for what the strings cannot show (BOM, encoding).
    expect(readFileSync(emitted, 'utf8')).toBe(readFileSync(committed, 'utf8'));
    expect(readFileSync(emitted).equals(readFileSync(committed))).toBe(true);
  });
});
