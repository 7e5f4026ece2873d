// Re-renders bench/results/ (results.md, chart.svg, the targets and the summary line) from results.json, after a
// change to the report code, without measuring again:
//   node --import @swc-node/register/esm-register bench/render.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/servers.js';
import { renderChart } from './report/chart.js';
import { resultsMarkdown } from './report/markdown.js';
import { judge, summaryLine, type BenchResults } from './report/results.js';

const dir = join(ROOT, 'bench/results');
const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;
results.goals = judge(results);
results.summary = summaryLine(results.read.runs);
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(dir, 'results.md'), resultsMarkdown(results));
writeFileSync(join(dir, 'chart.svg'), await renderChart(results));
console.log(results.summary);
