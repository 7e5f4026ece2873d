import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pendingInvalidations } from '../db/schema.js';

/** Processes LISTEN here to apply pending invalidations at once instead of at their next poll. */
export const PENDING_CHANNEL = 'forum_cache_pending';

/** Parks bumps that could not reach the cache, and notifies every listening process. Returns the rows' ids. */
export async function insertPending(db: Db, stampKeys: readonly string[]): Promise<number[]> {
  if (stampKeys.length === 0) return [];
  const rows = await db.insert(pendingInvalidations).values(stampKeys.map((stampKey) => ({ stampKey })))
    .returning({ id: pendingInvalidations.id });
  await db.execute(sql`select pg_notify(${PENDING_CHANNEL}, '')`);
  return rows.map((r) => r.id);
}

export async function countPending(db: Db, ids: readonly number[]): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(pendingInvalidations)
    .where(inArray(pendingInvalidations.id, [...ids]));
  return rows[0]?.n ?? 0;
}

export const findPending = (db: Db, limit = 1000) =>
  db.select().from(pendingInvalidations).orderBy(pendingInvalidations.id).limit(limit);

export async function deletePending(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(pendingInvalidations).where(inArray(pendingInvalidations.id, [...ids]));
}
