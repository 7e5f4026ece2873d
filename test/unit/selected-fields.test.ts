// What an operation selects, found once per document: whether it reads Category.liveCursor (those take each
// category's position before its lists and counts), and which of Post's texts its post pages must read.
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { forumSchema } from '../../src/graphql/schema.js';
import { selectedPostTexts, selectsCategoryCursor } from '../../src/graphql/selected-fields.js';

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

describe('selectedPostTexts', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => { schema = await forumSchema(); });
  const texts = (query: string) => selectedPostTexts(schema, parse(query));
  const PAGE = (nodes: string) => `{ thread(slug: "a") { posts { nodes { ${nodes} } } } }`;

  it('reads only the texts a page shows: bodyHTML alone, body and bodyText, none', () => {
    expect(texts(PAGE('id bodyHTML'))).toEqual({ body: false, html: true, text: false });
    expect(texts(PAGE('body bodyText'))).toEqual({ body: true, html: false, text: true });
    expect(texts(PAGE('id author { username }'))).toEqual({ body: false, html: false, text: false });
  });

  it('finds texts under aliases, in named and inline fragments, in edges, behind @skip, and in any operation', () => {
    expect(texts(PAGE('html: bodyHTML'))).toEqual({ body: false, html: true, text: false });
    expect(texts(`{ thread(slug: "a") { posts { edges { node { ...P } } } } } fragment P on Post { bodyText }`))
      .toEqual({ body: false, html: false, text: true });
    expect(texts('{ node(id: "x") { ... on Post { body } } }')).toEqual({ body: true, html: false, text: false });
    expect(texts('query($s: Boolean!) { thread(slug: "a") { posts { nodes { body @skip(if: $s) } } } }'))
      .toEqual({ body: true, html: false, text: false });
    expect(texts(`query A { thread(slug: "a") { posts { nodes { bodyHTML } } } } query B { post(id: "x") { bodyText } }`))
      .toEqual({ body: false, html: true, text: true });
  });

  it('counts only fields of Post: an input field named body is not a text read', () => {
    expect(texts('mutation { createPost(input: { threadSlug: "a", body: "x" }) { id } }')).toEqual({ body: false, html: false, text: false });
  });
});
