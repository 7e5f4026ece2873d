// Counts a peer's response-cache reads as hits and misses on its /metrics, so the mixed workload can report a
// hit ratio for the peers as it does for ForumCacheService.
import { Counter } from 'prom-client';
import type { Metrics } from '../../src/metrics.js';

export type CacheResult = 'hit' | 'miss';

export function responseCacheCounter(metrics: Metrics): (result: CacheResult) => void {
  const counter = new Counter({
    name: 'peer_response_cache_requests_total', help: "Reads of the peer's response cache by result.",
    labelNames: ['result'] as const, registers: [metrics.registry],
  });
  return (result) => counter.inc({ result });
}
