#!/usr/bin/env node
// Checks that schema.graphql keeps every promise of an API contract: nothing removed or retyped, no argument default
// changed (additions are fine). The repository carries its copy of the contract in contract/; a newer one can be
// given by path.
//   npm run contract                                  against contract/api-contract.graphql
//   npm run contract -- path/to/api-contract.graphql  against another copy
//   npm run contract -- --schema other.graphql        another schema
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql';

const DEFAULT_CONTRACT = 'contract/api-contract.graphql';
const USAGE = 'usage: npm run contract -- [path/to/api-contract.graphql] [--schema schema.graphql]';

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { schema: { type: 'string', default: 'schema.graphql' } } });
} catch (error) {
  console.error(`contract: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.positionals.length > 1) {
  console.error(`contract: one contract path at most, got ${args.positionals.length}\n${USAGE}`);
  process.exit(2);
}
const contractPath = resolve(args.positionals[0] ?? DEFAULT_CONTRACT);
const schemaPath = resolve(args.values.schema);

if (!existsSync(contractPath)) {
  console.error(`contract: no contract at ${contractPath}. It needs the API contract (a GraphQL SDL file): `
    + `the repository's copy is ${DEFAULT_CONTRACT}; give another with npm run contract -- <path>`);
  process.exit(2);
}
if (!existsSync(schemaPath)) {
  console.error(`contract: no schema at ${schemaPath}; npm run schema writes schema.graphql`);
  process.exit(2);
}

function load(path) {
  try {
    return buildSchema(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`contract: cannot read ${path}: ${error.message}`);
    process.exit(2);
  }
}

const contract = load(contractPath);
const actual = load(schemaPath);
const problems = [
  ...findBreakingChanges(contract, actual),
  // Added enum values and optional arguments are dangerous only for exhaustive clients; defaults matter.
  ...findDangerousChanges(contract, actual).filter((c) => c.type === 'ARG_DEFAULT_VALUE_CHANGE'),
];
for (const p of problems) console.log(`${p.type}: ${p.description}`);
console.log(problems.length === 0
  ? `contract: ${args.values.schema} keeps every promise of ${args.positionals[0] ?? DEFAULT_CONTRACT}`
  : `contract: ${problems.length} broken promise(s)`);
process.exit(problems.length === 0 ? 0 : 1);
