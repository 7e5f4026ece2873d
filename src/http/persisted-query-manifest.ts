// The trusted documents of PERSISTED_QUERIES_MANIFEST, in the format Apollo's generate-persisted-query-manifest
// writes: { "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ id, name, type, body }] }.
// Read and checked once at start-up, so that a manifest that cannot serve stops the server with every reason rather
// than refusing clients later: each id must be the SHA-256 of its body (what Apollo Client's persisted-query link
// sends as `sha256Hash`), and each body one operation of its type that is valid against this schema within the
// request limits.
import { readFileSync } from 'node:fs';
import { getOperationAST, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { isSha256Hex, sha256Hex } from '../cache/persisted-query-store.js';
import { aliasLimit } from '../graphql/alias-limit.js';
import { costLimit } from '../graphql/cost-limit.js';
import { depthLimit } from '../graphql/depth-limit.js';
import { MAX_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_TOKENS } from './apollo.js';

export class ManifestError extends Error {}

/** The manifest's documents by id. */
export type Manifest = ReadonlyMap<string, string>;

const RULES = [...specifiedRules, depthLimit(MAX_QUERY_DEPTH), costLimit(MAX_QUERY_COST), aliasLimit(MAX_ALIASES)];

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({
    id: z.string(),
    name: z.string(),
    type: z.enum(['query', 'mutation', 'subscription']),
    body: z.string(),
  })).min(1),
});

type Operation = z.infer<typeof manifestSchema>['operations'][number];

/** Reads and checks a manifest; throws ManifestError naming the file and every problem found. */
export function loadManifest(path: string, schema: GraphQLSchema): Manifest {
  const fail = (problems: string[]): never => {
    const shown = problems.slice(0, 10).join('; ');
    const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
    throw new ManifestError(`PERSISTED_QUERIES_MANIFEST ${path}: ${shown}${more}`);
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail([`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(['is not JSON']);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the file'}: ${issue.message}`
      + (issue.path.length === 0 || issue.path[0] === 'format' ? ' (the format of Apollo\'s generate-persisted-query-manifest)' : '')));
  }
  const problems: string[] = [];
  const manifest = new Map<string, string>();
  parsed.data.operations.forEach((operation, i) => {
    const problem = checkOperation(operation, schema);
    if (problem) problems.push(`operation ${i} (${operation.name || 'unnamed'}): ${problem}`);
    else manifest.set(operation.id, operation.body);
  });
  if (problems.length > 0) fail(problems);
  return manifest;
}

function checkOperation(operation: Operation, schema: GraphQLSchema): string | null {
  if (!isSha256Hex(operation.id)) return 'its id must be 64 lower-case hexadecimal digits (the SHA-256 of its body)';
  if (sha256Hex(operation.body) !== operation.id) return 'its id is not the SHA-256 of its body';
  let document: DocumentNode;
  try {
    document = parse(operation.body, { maxTokens: MAX_TOKENS });
  } catch (error) {
    return `its body does not parse: ${(error as Error).message}`;
  }
  const errors = validate(schema, document, RULES);
  if (errors.length > 0) return `its body is not valid against this schema: ${errors[0]!.message}`;
  const ast = getOperationAST(document);
  if (!ast) return 'its body must hold exactly one operation';
  if (ast.operation !== operation.type) return `its type is ${operation.type}, its body a ${ast.operation}`;
  return null;
}
