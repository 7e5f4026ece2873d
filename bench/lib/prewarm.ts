// The steady state of a forum that has been serving for a while: its most read thread pages (every one up to
// PREWARM_MAX_THREADS, the most popular ones beyond) and every category's list have been read once. A cache keeps
// what it read for its TTL (the forum: an hour for thread entries, six for lists; the peers: 60 s), so a
// long-running server has its hot set cached; a 6 s run started cold measures the cold start instead (most of the
// Zipf tail of 10^4 threads is read for the first time). Reading all 10^5 or 10^6 pages once per server would
// take longer than the whole run, so the larger sizes warm the head of the popularity curve and leave the tail cold,
// as a forum that size has it. Requests go through the server like any reader's, so every cache fills as its own
// rules say.
import autocannon from 'autocannon';
import type { Catalog, ThreadInfo } from './catalog.js';
import { categoriesBody, JSON_HEADERS, threadListBody, threadPageBody } from './queries.js';
import { mulberry32, shuffled } from '../../src/seed/prng.js';

/** At most this many thread pages are warmed: every thread at the small size (10^4), the most read at larger ones. */
export const PREWARM_MAX_THREADS = 10_000;

export interface PrewarmResult { requests: number; seconds: number; errors: number }

/**
 * Reads the given thread pages (the workload's most popular, in a shuffled order) and every category's list once,
 * with `connections` at a time.
 */
export async function prewarm(url: string, catalog: Catalog, threads: readonly ThreadInfo[], connections: number, seed: number): Promise<PrewarmResult> {
  const bodies = [
    categoriesBody(),
    ...catalog.categories.map((c) => threadListBody(c.slug)),
    ...shuffled(mulberry32(seed), threads.map((t) => threadPageBody(t.slug))),
  ];
  let next = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({
      url, connections, amount: bodies.length, timeout: 30, method: 'POST', headers: { ...JSON_HEADERS }, // a copy: autocannon writes content-length into it
      requests: [{ method: 'POST', path: '/graphql', setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }) }],
    }, (error, r) => (error ? reject(error) : resolve(r)));
  });
  return { requests: result.requests.total, seconds: (performance.now() - started) / 1000, errors: result.errors + result.non2xx };
}
