// Index builds after the load (npm run seed --reset on PostgreSQL): building an index once over millions of rows is
// much cheaper than updating it row by row. The secondary indexes of the bulk tables are dropped before the load and
// built again after it. Their definitions are kept in a table first, so that a seed that dies in between leaves
// them to the next run (which builds them before anything else) instead of losing them.
import type { Sql } from 'postgres';

/** Tables whose secondary indexes wait for the load. Constraint indexes (primary keys, unique) stay. */
const BULK_TABLES = ['threads', 'posts', 'reactions'];

async function ensureTable(sql: Sql): Promise<void> {
  await sql`create table if not exists seed_deferred_indexes (name text primary key, definition text not null)`;
}

/** Builds indexes a previous seed dropped and did not get to build (it was killed, or failed). */
export async function buildLeftoverIndexes(sql: Sql, log: (line: string) => void): Promise<void> {
  await ensureTable(sql);
  const pending = await sql<{ name: string; definition: string }[]>`select name, definition from seed_deferred_indexes`;
  if (pending.length > 0) {
    log(`seed: building ${pending.length} indexes a previous seed left unbuilt`);
    await buildIndexes(sql, pending, () => {});
  }
}

/** Drops the bulk tables' secondary indexes, keeping their definitions; returns them. */
export async function dropIndexes(sql: Sql): Promise<{ name: string; definition: string }[]> {
  await ensureTable(sql);
  const found = await sql<{ name: string; definition: string }[]>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${BULK_TABLES})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
    order by i.indexname`;
  await sql.begin(async (tx) => {
    for (const index of found) {
      await tx`insert into seed_deferred_indexes (name, definition) values (${index.name}, ${index.definition})
        on conflict (name) do update set definition = excluded.definition`;
      await tx.unsafe(`drop index if exists "${index.name}"`);
    }
  });
  return found;
}

/** Builds the indexes, two at a time (PostgreSQL builds each on one core), each forgotten once it exists. */
export async function buildIndexes(
  sql: Sql, indexes: readonly { name: string; definition: string }[], onBuilt: (name: string, ms: number) => void,
): Promise<void> {
  const queue = [...indexes];
  const worker = async () => {
    for (let index = queue.shift(); index; index = queue.shift()) {
      const started = performance.now();
      await sql.reserve().then(async (connection) => {
        try {
          await connection`set maintenance_work_mem = '256MB'`;
          await connection.unsafe(index.definition.replace(/^CREATE (UNIQUE )?INDEX /i, (m) => `${m}IF NOT EXISTS `));
        } finally {
          connection.release();
        }
      });
      await sql`delete from seed_deferred_indexes where name = ${index.name}`;
      onBuilt(index.name, performance.now() - started);
    }
  };
  await Promise.all([worker(), worker()]);
}
