import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pendingInvalidations } from '../db/schema.js';

export async function insertPending(db: Db, stampKeys: readonly string[]): Promise<void> {
  if (stampKeys.length === 0) return;
  await db.insert(pendingInvalidations).values(stampKeys.map((stampKey) => ({ stampKey })));
}

export const findPending = (db: Db, limit = 1000) =>
  db.select().from(pendingInvalidations).orderBy(pendingInvalidations.id).limit(limit);

export async function deletePending(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(pendingInvalidations).where(inArray(pendingInvalidations.id, [...ids]));
}
