// Which operations read Category.liveCursor: those take each category's position before its lists and counts.
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { forumSchema } from '../../src/graphql/schema.js';
import { selectsCategoryCursor } from '../../src/graphql/selected-fields.js';

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
