// Writes schema.graphql from the code (npm run schema). A test fails when the committed file drifts.
import { fileURLToPath } from 'node:url';
import { forumSchema } from '../src/graphql/schema.js';

const path = fileURLToPath(new URL('../schema.graphql', import.meta.url));
await forumSchema(path);
console.log(`wrote ${path}`);
