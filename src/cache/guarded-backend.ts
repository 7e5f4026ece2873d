// Fail-open access to a cache backend: every call has a timeout, a failure is counted and never thrown, and a
// backend that failed is "lost" until it has been re-synced. Bumps that cannot reach it are kept in PostgreSQL
// (cache_pending_invalidations) and applied by whichever process reaches it next: at once when it is told (NOTIFY),
// else at its poll about once a second. The writer waits a little for that, so that its mutation returns only once
// no process can serve what the bump invalidates (API.md, "Freshness").
import type { Db } from '../db/client.js';
import { countPending, deletePending, findPending, insertPending } from '../data/pending-invalidations.data.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../util/with-timeout.js';
import type { CacheBackend, EntryRead, EntryRequest } from './cache-backend.js';
import { stamps } from './keys.js';

export interface GuardedBackendOptions {
  backend: CacheBackend;
  db: Db;
  metrics: Metrics;
  logger: Logger;
  /** Timeout around every backend call. Defaults to 250 ms. */
  opTimeoutMs?: number;
  /** How often pending invalidations are applied and a lost backend re-synced. Defaults to 1000 ms; 0 disables. */
  pollMs?: number;
  /**
   * How long a writer whose bump was parked waits for another process to apply it. Defaults to 500 ms; when no
   * process reaches the cache in that time, none serves from it either (each re-syncs first).
   */
  applyWaitMs?: number;
}

const FAILED = Symbol('failed');
type Op = 'get' | 'set' | 'invalidate';

export class GuardedBackend {
  private lost = false;
  private polling = false;
  private pollAgain = false;
  private readonly poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: GuardedBackendOptions) {
    // A process whose connection dropped may have made no call meanwhile, so it saw no failure; but another process's
    // bumps may not have reached Redis (they wait in PostgreSQL): re-sync before serving anything again.
    options.backend.onDisconnect(() => this.markLost(new Error('connection closed'), 'get'));
    const pollMs = options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.poll(), pollMs);
      this.poller.unref();
    }
  }

  /**
   * False while the backend is lost: nothing may be served from it or stored in it until the poll has made every
   * entry from before the failure unreachable (a global epoch bump).
   */
  get available(): boolean { return !this.lost; }

  async read(requests: readonly EntryRequest[]): Promise<EntryRead[] | null> {
    if (this.lost) return null;
    const reads = await this.call('get', () => this.options.backend.read(requests));
    return reads === FAILED ? null : reads;
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    if (!this.lost) await this.call('set', () => this.options.backend.write(fillKey, value, ttlSeconds));
  }

  async readResponse(key: string): Promise<string | null> {
    if (this.lost) return null;
    const value = await this.call('get', () => this.options.backend.readResponse(key));
    return value === FAILED ? null : value;
  }

  /** False when any stamp moved, or the backend cannot say. */
  async stampsMatch(deps: readonly (readonly [string, string])[]): Promise<boolean> {
    if (this.lost) return false;
    const match = await this.call('get', () => this.options.backend.stampsMatch(deps));
    return match === true;
  }

  async writeResponse(key: string, deps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    if (!this.lost) await this.call('set', () => this.options.backend.writeResponse(key, deps, payload, ttlSeconds));
  }

  /** Bumps stamps; when the backend cannot take it, the bump is kept in PostgreSQL so that it is not lost. */
  async bump(stampKeys: readonly string[]): Promise<void> {
    const result = await this.call('invalidate', () => this.options.backend.bump(stampKeys));
    if (result !== FAILED) return;
    let ids: number[];
    try {
      ids = await insertPending(this.options.db, stampKeys);
    } catch (error) {
      this.options.logger.error({ err: error, stamps: stampKeys }, 'cache: an invalidation reached neither the cache nor PostgreSQL');
      return;
    }
    await this.awaitApplied(ids);
  }

  /** Waits (bounded) until another process has applied these parked bumps. */
  private async awaitApplied(ids: number[]): Promise<void> {
    const end = Date.now() + (this.options.applyWaitMs ?? 500);
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      const left = await countPending(this.options.db, ids).catch(() => ids.length);
      if (left === 0) return;
    }
  }

  /** Re-syncs a lost backend (epoch bump first), then applies pending invalidations. */
  async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true; // a notification during a poll may name rows that poll did not see
      return;
    }
    this.polling = true;
    const { backend, db, logger } = this.options;
    try {
      if (this.lost) {
        const bumped = await this.call('invalidate', () => backend.bump([stamps.epoch()]), { quiet: true });
        if (bumped === FAILED) return;
        this.lost = false;
        logger.warn('cache: backend reachable again; epoch bumped, serving from cache');
      }
      const rows = await findPending(db);
      if (rows.length === 0) return;
      const applied = await this.call('invalidate', () => backend.bump([...new Set(rows.map((r) => r.stampKey))]));
      if (applied !== FAILED) await deletePending(db, rows.map((r) => r.id));
    } catch (error) {
      logger.warn({ err: error }, 'cache: applying pending invalidations failed; will retry');
    } finally {
      this.polling = false;
      if (this.pollAgain) {
        this.pollAgain = false;
        void this.poll();
      }
    }
  }

  async health(): Promise<'ok' | 'degraded'> {
    if (this.lost) return 'degraded';
    const pinged = await this.call('get', () => this.options.backend.ping(), { quiet: true });
    return pinged === FAILED ? 'degraded' : 'ok';
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.lost = true; // closing is no failure to report
    await this.options.backend.close();
  }

  private async call<T>(op: Op, fn: () => Promise<T>, opts: { quiet?: boolean } = {}): Promise<T | typeof FAILED> {
    try {
      return await withTimeout(fn(), this.options.opTimeoutMs ?? 250, `cache ${op}`);
    } catch (error) {
      if (!opts.quiet) this.options.metrics.cacheErrors.inc({ op });
      this.markLost(error, op);
      return FAILED;
    }
  }

  private markLost(error: unknown, op: Op) {
    if (!this.lost) this.options.logger.warn({ err: error, op }, 'cache: backend failed; serving from the database');
    this.lost = true;
  }
}
