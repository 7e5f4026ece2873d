// What an operation selects, found once per document: whether it reads Category.liveCursor (those take each
// category's position before its lists and counts), and which of Post's body fields its post pages must read.
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { forumSchema } from '../../src/graphql/schema.js';
import { selectedBodyFields, selectsCategoryCursor } from '../../src/graphql/selected-fields.js';

describe('selectsCategoryCursor', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => { schema = await forumSchema(); });
  const selects = (query: string) => selectsCategoryCursor(schema, parse(query));

  it('finds Category.liveCursor in a field, a named fragment or an inline fragment', () => {
    expect(selects('{ category(slug: "a") { liveCursor } }')).toBe(true);
    expect(selects('{ categories { ...C } } fragment C on Category { children { liveCursor } }')).toBe(true);
    expect(selects('{ node(id: "x") { ... on Category { liveCursor } } }')).toBe(true);
  });

  it("does not take a thread's liveCursor, or a category page without one, for it", () => {
    expect(selects('{ thread(slug: "a") { liveCursor category { name } } }')).toBe(false);
    expect(selects('{ category(slug: "a") { threadCount } threads(filter: { categorySlug: "a" }) { nodes { slug } } }')).toBe(false);
  });
});

describe('selectedBodyFields', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => { schema = await forumSchema(); });
  const fields = (query: string) => selectedBodyFields(schema, parse(query));
  const none = { body: false, html: false, text: false, mentions: false };
  const PAGE = (nodes: string) => `{ thread(slug: "a") { posts { nodes { ${nodes} } } } }`;

  it('reads only the body fields a page shows: bodyHTML alone, body and bodyText, mentions, none', () => {
    expect(fields(PAGE('id bodyHTML'))).toEqual({ ...none, html: true });
    expect(fields(PAGE('body bodyText'))).toEqual({ ...none, body: true, text: true });
    expect(fields(PAGE('id author { username }'))).toEqual(none);
    expect(fields(PAGE('bodyHTML mentions { username }'))).toEqual({ ...none, html: true, mentions: true });
  });

  it('finds body fields under aliases, in named and inline fragments, in edges, behind @skip, and in any operation', () => {
    expect(fields(PAGE('html: bodyHTML'))).toEqual({ ...none, html: true });
    expect(fields(`{ thread(slug: "a") { posts { edges { node { ...P } } } } } fragment P on Post { bodyText }`))
      .toEqual({ ...none, text: true });
    expect(fields('{ node(id: "x") { ... on Post { body } } }')).toEqual({ ...none, body: true });
    expect(fields('query($s: Boolean!) { thread(slug: "a") { posts { nodes { body @skip(if: $s) } } } }'))
      .toEqual({ ...none, body: true });
    expect(fields(`query A { thread(slug: "a") { posts { nodes { bodyHTML } } } } query B { post(id: "x") { bodyText } }`))
      .toEqual({ ...none, html: true, text: true });
  });

  it('counts only fields of Post: an input field named body is not read', () => {
    expect(fields('mutation { createPost(input: { threadSlug: "a", body: "x" }) { id } }')).toEqual(none);
  });
});
