// The steady state of a forum that has been serving for a while: every thread page and every category's list has
// been read once. A cache keeps what it read for its TTL (the forum: an hour for thread entries, six for lists;
// the peers: 60 s), so a long-running server has its whole forum cached; a 6 s run started cold measures the cold
// start instead (most of the Zipf tail of 10^4 threads is read for the first time). Requests go through the
// server like any reader's, so every cache fills as its own rules say.
import autocannon from 'autocannon';
import type { Catalog } from './catalog.js';
import { categoriesBody, JSON_HEADERS, threadListBody, threadPageBody } from './queries.js';
import { mulberry32, shuffled } from '../../src/seed/prng.js';

export interface PrewarmResult { requests: number; seconds: number; errors: number }

/** Reads every thread page (in a shuffled order) and every category's list once, with `connections` at a time. */
export async function prewarm(url: string, catalog: Catalog, connections: number, seed: number): Promise<PrewarmResult> {
  const bodies = [
    categoriesBody(),
    ...catalog.categories.map((c) => threadListBody(c.slug)),
    ...shuffled(mulberry32(seed), catalog.threads.map((t) => threadPageBody(t.slug))),
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
