// Fail-open access to a cache backend: every call has a timeout, a failure is counted and never thrown, and a
// backend that failed is "lost" until it has been re-synced (a global epoch bump), because bumps that could not
// reach it meanwhile (kept in the outbox, src/cache/outbox.ts) may be missing there.
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../util/with-timeout.js';
import type { CacheBackend, EntryRead, EntryRequest } from './cache-backend.js';
import { stamps } from './keys.js';

export interface GuardedBackendOptions {
  backend: CacheBackend;
  metrics: Metrics;
  logger: Logger;
  /** Timeout around every backend call. Defaults to 250 ms. */
  opTimeoutMs?: number;
}

const FAILED = Symbol('failed');
type Op = 'get' | 'set' | 'invalidate';

export class GuardedBackend {
  private lost = false;

  constructor(private readonly options: GuardedBackendOptions) {
    // A process whose connection dropped may have made no call meanwhile, so it saw no failure; but another process's
    // bumps may not have reached Redis (they wait in PostgreSQL): re-sync before serving anything again.
    options.backend.onDisconnect(() => this.markLost(new Error('connection closed'), 'get'));
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

  /** Gives each stamp a fresh value. False when the backend could not take it (the caller keeps it for later). */
  async bump(stampKeys: readonly string[]): Promise<boolean> {
    if (stampKeys.length === 0) return true;
    return (await this.call('invalidate', () => this.options.backend.bump(stampKeys))) !== FAILED;
  }

  /**
   * Makes a lost backend usable again: bumps the global epoch first, so that no entry stored before the failure is
   * ever found. True when the backend is available.
   */
  async resync(): Promise<boolean> {
    if (!this.lost) return true;
    const bumped = await this.call('invalidate', () => this.options.backend.bump([stamps.epoch()]), { quiet: true });
    if (bumped === FAILED) return false;
    this.lost = false;
    this.options.logger.warn('cache: backend reachable again; epoch bumped, serving from cache');
    return true;
  }

  async health(): Promise<'ok' | 'degraded'> {
    if (this.lost) return 'degraded';
    const pinged = await this.call('get', () => this.options.backend.ping(), { quiet: true });
    return pinged === FAILED ? 'degraded' : 'ok';
  }

  async close(): Promise<void> {
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
