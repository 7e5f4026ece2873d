// chart.svg: throughput per scenario (bars per server) above invalidation time vs cached entries (log-log),
// drawn with Vega-Lite and rendered to SVG headlessly (no browser, no canvas).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchResults } from './results.js';

export async function renderChart(r: BenchResults): Promise<string> {
  const label = (name: string) => r.targets.find((t) => t.name === name)?.label ?? name;
  const scenario: Record<string, string> = { thread: 'thread page', list: 'thread list', categories: 'categories tree', revalidate: 'thread page revalidation' };
  const throughput = [
    ...r.read.runs.map((run) => ({ scenario: scenario[run.query]!, server: label(run.target), rps: Math.round(run.load.rps) })),
    ...r.mixed.map((m) => ({ scenario: `mixed workload${m.phase === 'steady' ? ', steady' : ''}`, server: label(m.target), rps: Math.round(m.load.rps) })),
  ];
  const invalidation = r.invalidation.flatMap((p) => [
    { entries: p.entries, method: 'stamps: one category', ms: p.stampCategoryMs },
    { entries: p.entries, method: 'stamps: all lists', ms: p.stampAllMs },
    { entries: p.entries, method: 'SCAN+DEL: one category', ms: p.scanDelCategoryMs },
    { entries: p.entries, method: 'SCAN+DEL: all lists', ms: p.scanDelAllMs },
  ]);
  const servers = r.targets.map((t) => t.label);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `npm run bench (${r.size}${r.quick ? ', quick' : ''}), ${r.date.slice(0, 10)}`,
    config: { font: 'sans-serif', view: { stroke: null }, legend: { labelLimit: 320 } },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    vconcat: [
      {
        title: 'Throughput per scenario (requests/s, log scale)',
        width: 640, height: 260,
        data: { values: throughput },
        mark: 'bar',
        encoding: {
          x: { field: 'scenario', type: 'nominal', sort: ['thread page', 'thread list', 'categories tree', 'mixed workload', 'mixed workload, steady'], title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'server', type: 'nominal', scale: { domain: servers } },
          y: { field: 'rps', type: 'quantitative', title: 'requests/s', scale: { type: 'log', domainMin: 10 } },
          y2: { datum: 10 }, // bars on a log scale need a baseline other than 0
          color: { field: 'server', type: 'nominal', scale: { domain: servers }, legend: { title: null, orient: 'right' } },
          tooltip: [{ field: 'server' }, { field: 'rps' }],
        },
      },
      {
        title: 'Invalidation time vs cached list entries (log-log)',
        width: 640, height: 240,
        data: { values: invalidation },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'entries', type: 'quantitative', scale: { type: 'log' }, title: 'cached list entries' },
          y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
          color: {
            field: 'method', type: 'nominal', legend: { title: null, orient: 'right' },
            scale: { domain: ['stamps: one category', 'stamps: all lists', 'SCAN+DEL: one category', 'SCAN+DEL: all lists'] },
          },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
