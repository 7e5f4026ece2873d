// Cache leases (cache_leases): a process serves from a shared cache only while it holds a lease, and it renews its
// lease only while no outbox row is older than a grace period (src/cache/outbox.ts says why). A writer whose changes
// could not reach the cache waits until they were applied elsewhere, or until no other process holds a lease.
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cacheLeases } from '../db/schema.js';
import { rowsOf } from './raw-rows.js';

/**
 * Renews `owner`'s lease for `leaseMs` (from the database's clock) unless an outbox row older than `graceMs` is left;
 * true when renewed. One statement: the check and the renewal see the same snapshot.
 */
export async function renewLease(db: Db, owner: string, leaseMs: number, graceMs: number): Promise<boolean> {
  const result = await db.execute(sql`
    insert into cache_leases (owner, until)
    select ${owner}::text, now() + make_interval(secs => ${leaseMs / 1000}::float8)
    where not exists (select 1 from cache_outbox where created_at < now() - make_interval(secs => ${graceMs / 1000}::float8))
    on conflict (owner) do update set until = excluded.until
    returning owner`);
  return rowsOf(result).length > 0;
}

/** Whether a process other than `owner` holds a lease that has not ended (by the database's clock). */
export async function othersHoldLeases(db: Db, owner: string): Promise<boolean> {
  const rows = await db.select({ owner: cacheLeases.owner }).from(cacheLeases)
    .where(and(ne(cacheLeases.owner, owner), gt(cacheLeases.until, sql`now()`))).limit(1);
  return rows.length > 0;
}

/** Ends the lease now (the process's cache failed: writers elsewhere need not wait for it). */
export async function endLease(db: Db, owner: string): Promise<void> {
  await db.update(cacheLeases).set({ until: sql`now()` }).where(and(eq(cacheLeases.owner, owner), gt(cacheLeases.until, sql`now()`)));
}

/** Gives the lease up (a process that closes), and forgets leases that ended long ago. */
export async function dropLease(db: Db, owner: string): Promise<void> {
  await db.delete(cacheLeases).where(sql`${cacheLeases.owner} = ${owner} or ${lt(cacheLeases.until, sql`now() - interval '1 hour'`)}`);
}
