// This process's parsed copies of cache entries, by base key. A copy is used only when a read of the shared store
// confirms, in the same round trip as the stamps, that the stamps still give the copy's fill key (EntryRequest.held):
// same stamp values, same data, so the copy is exactly as fresh as the shared entry. What it saves a request is the
// entry's transfer and its JSON.parse (on a thread page, most of a miss's reading from the cache).
// Copies are shared by every request that reads them: they are frozen, so a resolver that tried to change one would
// throw instead of changing what the next request sees.
import { LRUCache } from 'lru-cache';

interface Copy { fillKey: string; value: unknown }

export interface ParsedCopiesOptions {
  /** Defaults to 10_000 entries. */
  maxEntries?: number;
  /** Bound on the JSON size of the copies held. Defaults to 32 MiB. */
  maxBytes?: number;
}

export class ParsedCopies {
  private readonly copies: LRUCache<string, Copy>;

  constructor(options: ParsedCopiesOptions = {}) {
    this.copies = new LRUCache<string, Copy>({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxBytes ?? 32 * 1024 * 1024,
      sizeCalculation: () => 1, // replaced per set (the JSON length)
      ttlResolution: 0, // a copy must not outlive its entry's lifetime (lists by views rely on it to re-order)
    });
  }

  /** The fill key of the copy held for this base key, to send with the read. */
  heldKey(key: string): string | undefined {
    return this.copies.get(key)?.fillKey;
  }

  /** The copy, when its fill key is this one. */
  value(key: string, fillKey: string): unknown {
    const copy = this.copies.get(key);
    return copy !== undefined && copy.fillKey === fillKey ? copy.value : undefined;
  }

  /** Keeps a value read or loaded under this fill key, for at most the entry's lifetime; returns it frozen. */
  remember<T>(key: string, fillKey: string, value: T, jsonLength: number, ttlSeconds: number): T {
    deepFreeze(value);
    this.copies.set(key, { fillKey, value }, { ttl: Math.max(1, ttlSeconds) * 1000, size: Math.max(1, jsonLength) });
    return value;
  }

  clear(): void {
    this.copies.clear();
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
