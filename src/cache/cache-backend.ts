// The small interface between ForumCacheService and a store (Redis or in-process). Values are strings (JSON).
import type { ListIndexStore } from './list-index-store.js';

/** An entry to read: its base key and the generation stamps it is built from. */
export interface EntryRequest {
  key: string;
  stamps: readonly string[];
  /**
   * The fill key of a copy the caller already holds (ForumCacheService's parsed copies). When the stamps still give
   * that key, the read answers `held: true` and no value: the copy is exactly as fresh as the stored entry.
   */
  held?: string;
}

/** What a read found, the stamp values it was read under, and the exact key a fill must write to. */
export interface EntryRead {
  /** The stored entry; null on a miss, and when `held`. */
  value: string | null;
  /** The request's held copy is current (its fill key is the one the stamps give now). */
  held?: boolean;
  /** The values the request's stamps had, in the order of `EntryRequest.stamps`. */
  stampValues: string[];
  /** The base key plus those values (`stampedKey`): a fill of what was loaded after this read goes here. */
  fillKey: string;
}

/** A stored response: its payload and the stamps (key, value) it was built from. */
export interface StoredResponse {
  stamps: [string, string][];
  payload: string;
}

export interface CacheBackend {
  readonly name: 'redis' | 'memory';
  /** The maintained thread-list indexes, in the same store. */
  readonly lists: ListIndexStore;
  /**
   * Reads every requested entry under the current values of its stamps, in one round trip. A stamp that
   * does not exist (never set, evicted, lost) is created with a fresh unique value, so it never returns
   * to a value that an old entry was stored under.
   */
  read(requests: readonly EntryRequest[]): Promise<EntryRead[]>;
  write(fillKey: string, value: string, ttlSeconds: number): Promise<void>;
  /**
   * The response fast path: a payload stored with the stamp values it was built from, returned only while every one
   * of those stamps still has that value (compared in the same round trip).
   */
  readResponse(key: string): Promise<StoredResponse | null>;
  /** Whether every stamp still has the value given (a missing stamp matches nothing). One round trip. */
  stampsMatch(stamps: readonly (readonly [string, string])[]): Promise<boolean>;
  writeResponse(key: string, stamps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void>;
  /** Gives each stamp a fresh unique value (one write). */
  bump(stampKeys: readonly string[]): Promise<void>;
  /** Shared view totals by thread id; null where unknown. */
  readViewCounts(ids: readonly number[]): Promise<(number | null)[]>;
  /** Raises each total to at least the given value (totals only grow, whatever order writers arrive in). */
  raiseViewCounts(totals: ReadonlyMap<number, number>): Promise<void>;
  ping(): Promise<void>;
  /**
   * Calls `listener` whenever the connection to a remote store closes. Bumps that could not reach the store while it
   * was gone may be missing there, even if this process never failed a call; in-process stores never call it.
   */
  onDisconnect(listener: () => void): void;
  close(): Promise<void>;
}

let counter = 0;
const processToken = `${process.pid.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
/** A value no other stamp write has used, in this process or another (random per process, then a counter). */
export const freshStampValue = () => `${processToken}${(++counter).toString(36)}`;

/**
 * The key an entry is stored under: its base key plus the stamp values it was built from. The Redis read script
 * builds the same string (redis-cache.ts); nothing parses it back: reads return the values as data.
 */
export const stampedKey = (key: string, stampValues: readonly string[]) => `${key}@${stampValues.join('.')}`;
