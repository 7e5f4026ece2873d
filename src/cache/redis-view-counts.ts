// View totals in Redis, one hash (keys.views()) of thread id → the highest total any process flushed. The same on one
// Redis and on a cluster (a single key: its slot's node answers).
import { keys } from './keys.js';

/** What both Redis backends' clients offer for it: HMGET, and the raise script (RAISE_SCRIPT, defined as forumRaise). */
export interface ViewCountClient {
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  forumRaise(key: string, ...args: string[]): Promise<number>;
}

export async function readViewCounts(client: ViewCountClient, ids: readonly number[]): Promise<(number | null)[]> {
  if (ids.length === 0) return [];
  const values = await client.hmget(keys.views(), ...ids.map(String));
  return values.map((v) => (v === null ? null : Number(v)));
}

/** Raises each total to at least the given one (never lowers: flushes of several processes may arrive out of order). */
export async function raiseViewCounts(client: ViewCountClient, totals: ReadonlyMap<number, number>): Promise<void> {
  if (totals.size === 0) return;
  await client.forumRaise(keys.views(), ...[...totals].flatMap(([id, n]) => [String(id), String(n)]));
}
