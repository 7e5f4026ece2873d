// Prometheus metrics of docs/api.md. One registry per server instance, so tests can run several instances side by side.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * `list_index`: lists maintained on write (src/cache/list-index.ts); `thread_list`: stamp-guarded list entries;
 * `user`: users' own entries (authors of every page, profiles).
 */
export type CacheKind = 'thread' | 'thread_list' | 'list_index' | 'category' | 'user' | 'session' | 'response';

export class Metrics {
  readonly registry = new Registry();
  readonly cacheRequests = new Counter({
    name: 'forum_cache_requests_total', help: 'Cache reads by kind and result (hit or miss).',
    labelNames: ['kind', 'result'] as const, registers: [this.registry],
  });
  readonly cacheInvalidations = new Counter({
    name: 'forum_cache_invalidations_total', help: 'Invalidations by kind.',
    labelNames: ['kind'] as const, registers: [this.registry],
  });
  readonly cacheErrors = new Counter({
    name: 'forum_cache_errors_total', help: 'Failed cache backend operations by op (get, set, invalidate).',
    labelNames: ['op'] as const, registers: [this.registry],
  });
  readonly cacheLeaseRenewals = new Counter({
    name: 'forum_cache_lease_renewals_total',
    help: 'Cache lease renewals by result: renewed, refused (an outbox row waited past the grace), failed (no database).',
    labelNames: ['result'] as const, registers: [this.registry],
  });
  readonly dbQueries = new Counter({
    name: 'forum_db_queries_total', help: 'SQL statements sent to the database.', registers: [this.registry],
  });
  readonly dbLoads = new Counter({
    name: 'forum_cache_loads_total', help: 'Database loads made to fill a cache entry, by kind.',
    labelNames: ['kind'] as const, registers: [this.registry],
  });
  readonly listIndexBuilds = new Gauge({
    name: 'forum_list_index_builds', help: 'List index builds under way or queued in this process (they run one at a time).',
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'forum_graphql_request_duration_seconds', help: 'GraphQL request duration by operation type.',
    labelNames: ['operation'] as const, registers: [this.registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Current value of forum_db_queries_total; tests diff it around an operation. */
  async dbQueryCount(): Promise<number> {
    return (await this.dbQueries.get()).values[0]?.value ?? 0;
  }
}
