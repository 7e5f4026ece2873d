// Operations run compiled (graphql-jit) must answer as graphql-js's execute answers them: the same data, the same
// errors at the same paths with their codes, null where a failed field's nullability puts it, and defaults of
// variables a request left out. Each case runs both executors on one schema and compares the results whole.
import { buildSchema, execute, getOperationAST, Kind, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, notFound } from '../../src/errors.js';
import { forumSchema } from '../../src/graphql/schema.js';
import { compiledExecutor } from '../../src/http/compiled-execution.js';
import { toGlobalId } from '../../src/model/global-id.js';

const schema = buildSchema(`
  interface Named { name: String! }
  type Author implements Named { name: String! posts(first: Int! = 2): [Post!]! }
  type Post { id: ID! title: String count: Int! author: Author! missing: String! }
  type Query {
    post(id: ID!): Post
    posts(first: Int! = 3, tag: String): [Post!]!
    named: [Named!]!
    broken: String
  }
`);
const posts = Array.from({ length: 5 }, (_, i) => ({ id: String(i + 1), title: i === 2 ? null : `Post ${i + 1}`, count: i * 10 }));
const author = { name: 'ada', __typename: 'Author' };
const resolvers: Record<string, Record<string, (...args: any[]) => unknown>> = {
  Query: {
    post: async (_: unknown, { id }: { id: string }) => posts.find((p) => p.id === id) ?? null,
    posts: (_: unknown, { first, tag }: { first: number; tag?: string }) => posts.slice(0, first).map((p) => ({ ...p, tag })),
    named: () => [author],
    broken: () => { throw notFound('thing "x"'); },
  },
  Post: {
    author: async () => author,
    missing: async () => { throw notFound('the missing field'); },
  },
  Author: { posts: (_: unknown, { first }: { first: number }) => posts.slice(0, first) },
};
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName) as any;
  for (const [field, resolve] of Object.entries(fields)) type.getFields()[field].resolve = resolve;
}
(schema.getType('Named') as any).resolveType = (value: { __typename: string }) => value.__typename;

async function both(target: GraphQLSchema, query: string, variables?: Record<string, unknown>, context: unknown = {}) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const reference = await execute({ schema: target, document, variableValues: variables, contextValue: context });
  const compiled = await compiledExecutor(target, { compileAt: 1 })({ document, operation, variables, context });
  return { reference: plain(reference), compiled: plain(compiled) };
}

/** The result as a client receives it (JSON), errors with their message, path and code. */
const plain = (result: ExecutionResult) => JSON.parse(JSON.stringify({
  data: result.data,
  errors: result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
}));

describe('compiled execution (graphql-jit) against graphql-js', () => {
  it('gives the same data for fields, aliases, nested lists, arguments, fragments and __typename', async () => {
    const { reference, compiled } = await both(schema, `query($first: Int!) {
      posts(first: $first, tag: "t") { id title count ...A }
      one: post(id: "2") { __typename id author { name posts { id } } }
      none: post(id: "99") { id }
      named { __typename ... on Author { name } }
    } fragment A on Post { author { name } }`, { first: 4 });
    expect(compiled).toEqual(reference);
    expect(compiled.data.posts).toHaveLength(4);
    expect(compiled.data.posts[2].title).toBeNull();
    expect(compiled.data.none).toBeNull();
    expect(compiled.errors).toBeUndefined();
  });

  it("fills in a left-out variable's default, a non-null one included, and leaves a given one alone", async () => {
    const query = 'query($first: Int! = 2) { posts(first: $first) { id } }';
    const omitted = await both(schema, query, {});
    expect(omitted.compiled).toEqual(omitted.reference);
    expect(omitted.compiled.data.posts.map((p: { id: string }) => p.id)).toEqual(['1', '2']);
    const given = await both(schema, query, { first: 5 });
    expect(given.compiled).toEqual(given.reference);
    expect(given.compiled.data.posts).toHaveLength(5);
    const noVariables = await both(schema, 'query($first: Int! = 1) { posts(first: $first) { id } }', undefined);
    expect(noVariables.compiled).toEqual(noVariables.reference);
  });

  it('reports a thrown error at its path with its code, and nulls what non-null fields above it make null', async () => {
    const { reference, compiled } = await both(schema, '{ broken post(id: "1") { id missing } one: post(id: "2") { id title } }');
    expect(compiled).toEqual(reference);
    expect(compiled.data).toEqual({ broken: null, post: null, one: { id: '2', title: 'Post 2' } });
    expect(compiled.errors).toEqual([
      { message: 'thing "x" does not exist', path: ['broken'], code: ErrorCode.NOT_FOUND },
      { message: 'the missing field does not exist', path: ['post', 'missing'], code: ErrorCode.NOT_FOUND },
    ]);
  });

  it('answers data: null when an error reaches a non-null root field, with that error and its code', async () => {
    // graphql-js also lists errors of sibling fields that failed after the root was nulled; graphql-jit may not.
    const { reference, compiled } = await both(schema, '{ posts(first: 1) { id missing } }');
    expect(compiled).toEqual(reference);
    expect(compiled.data).toBeNull();
    expect(compiled.errors).toEqual([{ message: 'the missing field does not exist', path: ['posts', 0, 'missing'], code: ErrorCode.NOT_FOUND }]);
  });

  it("refuses a bad variable with graphql-js's error, which names the variable's definition (Apollo's BAD_USER_INPUT)", async () => {
    for (const [query, variables] of [
      ['query($first: Int!) { posts(first: $first) { id } }', { first: 'many' }],
      ['query($first: Int!) { posts(first: $first) { id } }', {}],
      ['query($first: Int!) { posts(first: $first) { id } }', { first: 2 ** 40 }],
      ['query($id: ID!) { post(id: $id) { id } }', { id: { nested: true } }],
    ] as const) {
      const { reference, compiled } = await both(schema, query, variables);
      expect(compiled).toEqual(reference);
      expect(compiled.data).toBeUndefined();
      expect(compiled.errors).toHaveLength(1);
      const document = parse(query);
      const raw = await compiledExecutor(schema, { compileAt: 1 })({ document, operation: getOperationAST(document)!, variables, context: {} });
      expect(raw.errors![0]!.nodes?.[0]?.kind).toBe(Kind.VARIABLE_DEFINITION);
    }
  });
});

describe('an operation name that names none of the document', () => {
  it("gets graphql-js's error, which Apollo answers as a bad request, on every run", async () => {
    const document = parse('query A { posts { id } } query B { named { name } }');
    const run = compiledExecutor(schema, { compileAt: 1 });
    const reference = plain(await execute({ schema, document, operationName: 'Nope' }));
    for (let i = 0; i < 2; i++) {
      expect(plain(await run({ document, operation: undefined, operationName: 'Nope', variables: {}, context: {} }))).toEqual(reference);
    }
    expect(reference.errors).toEqual([{ message: 'Unknown operation named "Nope".' }]);
    expect(run.compilations).toBe(0);
  });
});

describe('when an operation is compiled', () => {
  it('runs a one-off operation with graphql-js and compiles it when it is sent again, answering alike', async () => {
    const run = compiledExecutor(schema);
    const document = parse('query($first: Int! = 2) { posts(first: $first) { id title author { name } } }');
    const execution = { document, operation: getOperationAST(document)!, variables: {}, context: {} };
    const first = plain(await run(execution));
    expect(run.compilations).toBe(0);
    const second = plain(await run(execution));
    expect(run.compilations).toBe(1);
    expect(plain(await run(execution))).toEqual(second);
    expect(run.compilations).toBe(1);
    expect(second).toEqual(first);
    expect(first.data.posts.map((p: { id: string }) => p.id)).toEqual(['1', '2']);
  });

  it('keeps at most maxCompiled compiled operations, dropping the least recently run, which compiles again later', async () => {
    const run = compiledExecutor(schema, { compileAt: 1, maxCompiled: 2 });
    const execution = (query: string) => {
      const document = parse(query);
      return { document, operation: getOperationAST(document)!, variables: {}, context: {} };
    };
    const [a, b, c] = ['{ posts { id } }', '{ named { name } }', '{ post(id: "1") { title } }'].map(execution);
    await run(a!); await run(b!);
    expect([run.kept, run.compilations]).toEqual([2, 2]);
    await run(a!); // a is now the most recently run: c drops b
    await run(c!);
    expect([run.kept, run.compilations]).toEqual([2, 3]);
    await run(a!); // still kept: not compiled again
    expect([run.kept, run.compilations]).toEqual([2, 3]);
    expect(plain(await run(b!))).toEqual({ data: { named: [{ name: 'ada' }] } }); // dropped: compiled again
    expect([run.kept, run.compilations]).toEqual([2, 4]);
  });

  it('runs the fields of a mutation one after another, in the order sent, compiled as by graphql-js', async () => {
    const mutations = buildSchema('type Query { ok: Boolean } type Mutation { step(n: Int!, waitMs: Int!): Int! }');
    const order: number[] = [];
    (mutations.getType('Mutation') as any).getFields().step.resolve = async (_: unknown, { n, waitMs }: { n: number; waitMs: number }) => {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      order.push(n);
      return n;
    };
    const query = 'mutation { a: step(n: 1, waitMs: 30) b: step(n: 2, waitMs: 0) c: step(n: 3, waitMs: 10) }';
    const { reference, compiled } = await both(mutations, query);
    expect(compiled).toEqual(reference);
    expect(order).toEqual([1, 2, 3, 1, 2, 3]);
  });
});

describe("compiled execution on the forum's schema", () => {
  let forum: GraphQLSchema;
  beforeAll(async () => { forum = await forumSchema(); });

  it("resolves node(id:)'s type from its value's tag (type-graphql's resolveType is async; graphql-jit does not wait)", async () => {
    const thread = { __typename: 'Thread', id: '7', title: 'Seven' };
    const context = { reader: { nodes: { node: async () => thread } } };
    const { reference, compiled } = await both(forum, 'query($id: ID!) { node(id: $id) { __typename id ... on Thread { title } ... on Post { body } } }',
      { id: toGlobalId('Thread', '7') }, context);
    expect(compiled).toEqual(reference);
    expect(compiled.data).toEqual({ node: { __typename: 'Thread', id: toGlobalId('Thread', '7'), title: 'Seven' } });
  });
});
