// Views off the hot path (after Discourse's view buffering): Query.thread only bumps an in-process counter;
// a timer flushes the buffer to PostgreSQL in one statement and publishes the new totals to the shared store
// (Redis or in-process), where every process reads viewCount in one batched call.
import type { CacheBackend } from '../cache/cache-backend.js';
import type { Db } from '../db/client.js';
import { addViews, findViewCounts, isLockTimeout } from '../data/threads.data.js';
import type { Logger } from '../logger.js';
import { withTimeout } from '../util/with-timeout.js';

export interface ViewCounterOptions {
  db: Db;
  /** Where totals are shared; null reads every count from the database. */
  store: CacheBackend | null;
  logger: Logger;
  /** Defaults to 1000 ms (a view shows within 10 s, docs/api.md). 0: flush only when asked (tests). */
  flushMs?: number;
}

const STORE_TIMEOUT_MS = 250;

export class ViewCounter {
  private buffer = new Map<number, number>();
  /** Totals that could not be published to the store yet; retried with the next flush. */
  private unpublished = new Map<number, number>();
  private readonly timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  constructor(private readonly options: ViewCounterOptions) {
    const ms = options.flushMs ?? 1000;
    if (ms > 0) {
      this.timer = setInterval(() => void this.flush().catch(() => {}), ms);
      this.timer.unref();
    }
  }

  record(threadId: number): void {
    this.buffer.set(threadId, (this.buffer.get(threadId) ?? 0) + 1);
  }

  /** Writes buffered views to the database; on failure they stay buffered, so none is lost. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.flushOnce().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const deltas = this.buffer;
    this.buffer = new Map();
    let totals: { id: number; viewCount: number }[] = [];
    if (deltas.size > 0) {
      try {
        totals = await addViews(this.options.db, deltas);
      } catch (error) {
        for (const [id, n] of deltas) this.buffer.set(id, (this.buffer.get(id) ?? 0) + n);
        if (isLockTimeout(error)) {
          this.options.logger.debug({ threads: deltas.size }, 'views: a thread was held by a writer; kept for the next flush');
          return;
        }
        this.options.logger.warn({ err: error, threads: deltas.size }, 'views: flush failed; kept for the next one');
        throw error;
      }
    }
    for (const { id, viewCount } of totals) this.unpublished.set(id, Math.max(viewCount, this.unpublished.get(id) ?? 0));
    await this.publish(this.unpublished);
  }

  private async publish(totals: Map<number, number>): Promise<void> {
    const store = this.options.store;
    if (!store || totals.size === 0) {
      totals.clear();
      return;
    }
    const batch = new Map(totals);
    try {
      await withTimeout(store.raiseViewCounts(batch), STORE_TIMEOUT_MS, 'views publish');
      for (const [id, n] of batch) if (totals.get(id) === n) totals.delete(id);
    } catch {
      // kept in `unpublished`; the next flush retries
    }
  }

  /** Current totals for these threads: the shared store, then the database for what it lacks. */
  async counts(ids: readonly number[]): Promise<number[]> {
    const store = this.options.store;
    let known: (number | null)[] = ids.map(() => null);
    if (store) {
      try {
        known = await withTimeout(store.readViewCounts(ids), STORE_TIMEOUT_MS, 'views read');
      } catch {
        // fall through to the database
      }
    }
    const missing = ids.filter((_, i) => known[i] === null);
    if (missing.length === 0) return known as number[];
    const rows = await findViewCounts(this.options.db, missing);
    const fromDb = new Map(rows.map((r) => [r.id, r.viewCount]));
    if (store) await this.publish(new Map(fromDb));
    return ids.map((id, i) => known[i] ?? fromDb.get(id) ?? 0);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch(() => {});
  }
}
