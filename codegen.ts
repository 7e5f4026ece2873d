// TypeScript types for GraphQL operations, from the checked-in schema.graphql: `npm run codegen`.
// CODEGEN_OUT moves the output (test/integration/codegen.test.ts generates into a temporary folder).
const out = process.env.CODEGEN_OUT ?? 'codegen/generated/graphql.ts';

export default {
  schema: 'schema.graphql',
  documents: ['codegen/operations.graphql'],
  generates: {
    [out]: {
      plugins: ['typescript', 'typescript-operations'],
      config: {
        scalars: { DateTime: 'string' }, // ISO 8601 in JSON
        enumsAsTypes: true,
        avoidOptionals: { field: true },
      },
    },
  },
};
