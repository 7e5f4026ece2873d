// The transactional outbox (cache_outbox): what each mutation changed, written inside its transaction.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cacheOutbox } from '../db/schema.js';

/** Processes LISTEN here to apply rows another process could not apply, at once instead of at their next poll. */
export const OUTBOX_CHANNEL = 'forum_cache_outbox';

export interface OutboxRow { id: number; changes: unknown }

/** Records a transaction's changes (call it inside the transaction). Returns the row's id. */
export async function insertOutbox(tx: Db, changes: readonly unknown[]): Promise<number> {
  const [row] = await tx.insert(cacheOutbox).values({ changes }).returning({ id: cacheOutbox.id });
  return row!.id;
}

/** Tells every listening process that rows wait to be applied. */
export async function notifyOutbox(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/** Rows left to apply, oldest first. */
export const findOutbox = (db: Db, limit = 500): Promise<OutboxRow[]> =>
  db.select({ id: cacheOutbox.id, changes: cacheOutbox.changes }).from(cacheOutbox).orderBy(cacheOutbox.id).limit(limit);

export async function countOutbox(db: Db, ids: readonly number[]): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(cacheOutbox).where(inArray(cacheOutbox.id, [...ids]));
  return rows[0]?.n ?? 0;
}

export async function deleteOutbox(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(cacheOutbox).where(inArray(cacheOutbox.id, [...ids]));
}

