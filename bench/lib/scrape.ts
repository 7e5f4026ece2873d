// Reads a server's Prometheus counters (GET /metrics) so scenarios can diff them around a run.
import { httpRequest } from './http.js';

/** Sample name with its labels as printed (`forum_cache_requests_total{kind="thread",result="hit"}`) → value. */
export type Samples = Map<string, number>;

export async function scrape(base: string): Promise<Samples> {
  const response = await httpRequest(`${base}/metrics`);
  if (response.status !== 200) return new Map();
  const samples: Samples = new Map();
  for (const line of response.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** Sum of a counter's samples whose labels include every given label, after minus before. */
export function delta(before: Samples, after: Samples, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const [key, value] of after) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (!wanted.every((w) => key.includes(w))) continue;
    sum += value - (before.get(key) ?? 0);
  }
  return sum;
}

/** The label values a counter has been seen with (for example every `kind` of forum_cache_requests_total). */
export function labelValues(samples: Samples, name: string, label: string): string[] {
  const values = new Set<string>();
  const pattern = new RegExp(`${label}="([^"]*)"`);
  for (const key of samples.keys()) {
    if (!key.startsWith(`${name}{`)) continue;
    const match = pattern.exec(key);
    if (match) values.add(match[1]!);
  }
  return [...values].sort();
}
