// Renders bench/results/scale-<size>.md again from its JSON (after a change to the table's layout):
// node --import @swc-node/register/esm-register bench/render-scale.ts bench/results/scale-large.json
import { readFileSync, writeFileSync } from 'node:fs';
import { scaleMarkdown } from './report/scale-markdown.js';

const file = process.argv[2];
if (!file?.endsWith('.json')) throw new Error('usage: bench/render-scale.ts bench/results/scale-<size>.json');
const results = JSON.parse(readFileSync(file, 'utf8'));
writeFileSync(file.replace(/\.json$/, '.md'), scaleMarkdown(results, results));
