// What one anonymous response was built from: the generation stamps (with the values read) of every cache entry
// it used, the shortest lifetime among them, and the threads whose views it counted. The response fast path
// stores the response bytes with these stamps and serves them only while every stamp still has that value.
import type { EntryRead, EntryRequest } from './cache-backend.js';

/**
 * viewCount is read per request and a view must show within 10 s (docs/api.md): a stored response holding it lives
 * this long at most. A hot page is then rebuilt (from the entry cache) about once a second per key.
 */
export const VIEW_COUNT_TTL_S = 1;

export class ResponseDeps {
  readonly stamps = new Map<string, string>();
  readonly viewedThreadIds: number[] = [];
  ttl = Number.POSITIVE_INFINITY;
  private cacheable = true;

  /** Records an entry read with the values its stamps had. */
  addRead(request: EntryRequest, read: EntryRead, ttl: number): void {
    this.addStampValues(request.stamps.map((stamp, i) => [stamp, read.stampValues[i]!] as const), ttl);
  }

  /** Records stamps read directly (a maintained list's epoch and change stamp), with the values read. */
  addStampValues(pairs: readonly (readonly [string, string])[], ttl: number): void {
    for (const [stamp, value] of pairs) {
      const seen = this.stamps.get(stamp);
      if (seen !== undefined && seen !== value) this.cacheable = false; // a bump landed mid-request
      this.stamps.set(stamp, value);
    }
    this.limitTtl(ttl);
  }

  limitTtl(seconds: number): void {
    this.ttl = Math.min(this.ttl, seconds);
  }

  /** Part of the response did not come from stamped entries (cache bypassed, or viewer data). */
  markUncacheable(): void {
    this.cacheable = false;
  }

  get canStore(): boolean {
    return this.cacheable && this.stamps.size > 0 && Number.isFinite(this.ttl);
  }
}
