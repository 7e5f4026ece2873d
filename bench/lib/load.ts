// Fixed-connection, fixed-duration load with autocannon: a warm-up run first (not counted), then the measured
// run with a progress bar on stderr and a one-line summary.
import autocannon from 'autocannon';
import { JSON_HEADERS } from './queries.js';

export interface LoadSpec {
  title: string;
  url: string;
  connections: number;
  durationS: number;
  warmupS: number;
  /** A fixed body, or per-request setup (the mixed workload). */
  body?: string;
  requests?: autocannon.Request[];
  /** Sent besides the JSON headers (If-None-Match, say). */
  headers?: Record<string, string>;
  /** Runs between the warm-up and the measured run (a metrics snapshot, say). */
  afterWarmup?: () => Promise<void>;
  /** No summary line (the caller prints its own). */
  quiet?: boolean;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  requests: number;
  durationS: number;
  errors: number;
  non2xx: number;
  meanBytes: number;
}

function run(options: autocannon.Options, progress: string | null): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (progress !== null) {
      autocannon.track(instance, {
        renderProgressBar: true, renderResultsTable: false, renderLatencyTable: false,
        progressBarString: `${progress} [:bar] :percent`,
      });
    }
  });
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const base: autocannon.Options = {
    url: spec.url, connections: spec.connections, method: 'POST', headers: { ...JSON_HEADERS, ...spec.headers }, body: spec.body,
    requests: spec.requests, timeout: 20,
  };
  if (spec.warmupS > 0) await run({ ...base, duration: spec.warmupS }, null);
  await spec.afterWarmup?.();
  const result = await run({ ...base, duration: spec.durationS }, `  ${spec.title}`);
  const requests = result.requests.total;
  const out: LoadResult = {
    rps: requests / result.duration,
    p50Ms: result.latency.p50, p90Ms: result.latency.p90, p99Ms: result.latency.p99,
    requests, durationS: result.duration, errors: result.errors, non2xx: result.non2xx,
    meanBytes: requests > 0 ? Math.round(result.throughput.total / requests) : 0,
  };
  if (!spec.quiet) {
    process.stderr.write(`  ${spec.title}: ${Math.round(out.rps).toLocaleString('en-US')} req/s, p50 ${out.p50Ms} ms, `
      + `p99 ${out.p99Ms} ms${out.errors + out.non2xx > 0 ? `, ${out.errors} errors, ${out.non2xx} non-2xx` : ''}\n`);
  }
  return out;
}
