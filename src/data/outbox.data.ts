// The transactional outbox (cache_outbox): what each mutation changed, written inside its transaction, and claimed so
// that each row is applied and announced by one process.
import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { APPLICATION_PREFIX, type Db } from '../db/client.js';
import { cacheOutbox } from '../db/schema.js';
import { arrayParam, idIn, preparedAnywhere } from './prepared.js';

/** Processes LISTEN here to apply rows another process could not apply, at once instead of at their next poll. */
export const OUTBOX_CHANNEL = 'forum_cache_outbox';

export interface OutboxRow { id: number; changes: unknown }

/**
 * Records a transaction's changes (call it inside the transaction), claimed by `owner`, the process that will apply
 * them after the commit. Returns the row's id.
 */
export async function insertOutbox(tx: Db, changes: readonly unknown[], owner: string | null = null): Promise<number> {
  // The clock now, not the transaction's start: leases count a row's age from here (src/data/cache-leases.data.ts).
  const [row] = await tx.insert(cacheOutbox).values({ changes, claimedBy: owner, createdAt: sql`clock_timestamp()` })
    .returning({ id: cacheOutbox.id });
  return row!.id;
}

/** Tells every listening process that rows wait to be applied. */
export async function notifyOutbox(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/**
 * Claims up to `limit` rows for `owner`, oldest first: rows nobody holds, rows of owners that are gone (no connection
 * of theirs is open: a writer killed between its commit and its apply), and `owner`'s own rows that none of its
 * writers is applying now (`busy`). Rows another process is claiming at the same moment are skipped, not waited for.
 */
export async function claimOutbox(db: Db, owner: string, busy: readonly number[], limit = 500): Promise<OutboxRow[]> {
  const ownerGone = sql`not exists (select 1 from pg_stat_activity a where a.application_name = ${APPLICATION_PREFIX} || ${cacheOutbox.claimedBy})`;
  const claimable = db.select({ id: cacheOutbox.id }).from(cacheOutbox)
    .where(or(
      isNull(cacheOutbox.claimedBy),
      and(eq(cacheOutbox.claimedBy, owner), busy.length > 0 ? sql`not ${idIn(cacheOutbox.id, busy)}` : undefined),
      and(ne(cacheOutbox.claimedBy, owner), ownerGone),
    ))
    .orderBy(asc(cacheOutbox.id)).limit(limit).for('update', { skipLocked: true });
  const rows = await db.update(cacheOutbox).set({ claimedBy: owner }).where(inArray(cacheOutbox.id, claimable))
    .returning({ id: cacheOutbox.id, changes: cacheOutbox.changes });
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Deletes the applied rows `owner` still holds; returns their ids. A row is announced by the process whose delete
 * removed it, so by one process only, after its changes were applied.
 */
export async function finishOutbox(db: Db, ids: readonly number[], owner: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await finish(db).execute({ ids: arrayParam(ids), owner });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Built once (src/data/prepared.ts): every mutation's row is deleted by it. */
const finish = preparedAnywhere((db: Db) => db.delete(cacheOutbox)
  .where(and(sql`${cacheOutbox.id} = any(${sql.placeholder('ids')}::int[])`, eq(cacheOutbox.claimedBy, sql.placeholder('owner'))))
  .returning({ id: cacheOutbox.id }).prepare('finish_outbox'));

/** Gives rows up (their owner could not apply them): any process takes them at its next poll or notification. */
export async function releaseOutbox(db: Db, ids: readonly number[], owner: string): Promise<void> {
  if (ids.length === 0) return;
  await db.update(cacheOutbox).set({ claimedBy: null })
    .where(and(idIn(cacheOutbox.id, ids), eq(cacheOutbox.claimedBy, owner)));
}

export async function countOutbox(db: Db, ids: readonly number[]): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(cacheOutbox).where(idIn(cacheOutbox.id, ids));
  return rows[0]?.n ?? 0;
}

/** Deletes rows whoever holds them (tools and benchmarks). */
export async function deleteOutbox(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(cacheOutbox).where(idIn(cacheOutbox.id, ids));
}
