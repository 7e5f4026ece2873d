// The small interface between ForumCacheService and a store (Redis or in-process). Values are strings (JSON).
import type { ListIndexStore } from './list-index-store.js';

/** An entry to read: its base key and the generation stamps it is built from. */
export interface EntryRequest {
  key: string;
  stamps: readonly string[];
}

/** What a read found, and the exact key a fill must write to: the base key plus the stamp values just read. */
export interface EntryRead {
  value: string | null;
  fillKey: string;
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
   * The response fast path: a payload stored with the stamp values it was built from, returned (as stored: the
   * stamp line, then the payload) only while every one of those stamps still has that value (one round trip).
   */
  readResponse(key: string): Promise<string | null>;
  /** Whether every stamp still has the value given (a missing stamp matches nothing). One round trip. */
  stampsMatch(deps: readonly (readonly [string, string])[]): Promise<boolean>;
  writeResponse(key: string, deps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void>;
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

/** The key an entry is stored under: its base key plus the stamp values it was built from. */
export const stampedKey = (key: string, stampValues: readonly string[]) => `${key}@${stampValues.join('.')}`;

/** A stored response: one line of `stamp value` pairs, then the payload. Stamp keys and values hold no spaces. */
export const encodeResponse = (deps: ReadonlyMap<string, string>, payload: string) =>
  `${[...deps].map(([k, v]) => `${k} ${v}`).join(' ')}\n${payload}`;

export function decodeResponse(stored: string): { deps: [string, string][]; payload: string } {
  const newline = stored.indexOf('\n');
  const parts = stored.slice(0, newline).split(' ');
  const deps: [string, string][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) deps.push([parts[i]!, parts[i + 1]!]);
  return { deps, payload: stored.slice(newline + 1) };
}
