// Subscribe documents validated once per text (src/http/prepared-documents.ts), refusals every time.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { forumSchema } from '../../src/graphql/schema.js';
import { PreparedDocuments } from '../../src/http/prepared-documents.js';

const THREAD = 'subscription($s: String!) { threadActivity(slug: $s) { kind postId } }';
const CATEGORY = 'subscription($s: String!) { categoryActivity(slug: $s) { kind threadSlug } }';

describe('PreparedDocuments', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => { schema = await forumSchema(); });

  it('gives every subscriber of the same text the document validated for the first', () => {
    const documents = new PreparedDocuments(schema);
    const first = documents.prepare(THREAD);
    expect(Array.isArray(first)).toBe(false);
    expect(documents.prepare(THREAD)).toBe(first);
    expect(documents.size).toBe(1);
  });

  it('refuses a text that does not parse or validate, with its code, each time, and keeps nothing of it', () => {
    const documents = new PreparedDocuments(schema);
    for (let i = 0; i < 2; i++) {
      const broken = documents.prepare('subscription { threadActivity(');
      const unknown = documents.prepare('subscription { noSuchField }');
      expect(Array.isArray(broken) && broken[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(Array.isArray(unknown) && unknown[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect((documents.prepare(42) as { extensions: Record<string, unknown> }[])[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(documents.size).toBe(0);
  });

  it('keeps at most its bound, dropping the least recently used text', () => {
    const documents = new PreparedDocuments(schema, { maxEntries: 1 });
    const thread = documents.prepare(THREAD);
    documents.prepare(CATEGORY);
    expect(documents.size).toBe(1);
    expect(documents.prepare(THREAD)).not.toBe(thread); // validated again
  });
});
