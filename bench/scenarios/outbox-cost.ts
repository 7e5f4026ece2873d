// What the transactional outbox adds to a mutation: one INSERT inside its transaction, and one DELETE after the
// commit that the mutation does not wait for. Measured side by side on the benchmark's PostgreSQL: a transaction
// that reads one row, with and without the outbox insert, in alternating repetitions.
import { sql } from 'drizzle-orm';
import { cacheOutbox } from '../../src/db/schema.js';
import { openDatabase } from '../../src/db/client.js';
import { deleteOutbox, insertOutbox } from '../../src/data/outbox.data.js';
import { Metrics } from '../../src/metrics.js';
import { percentile } from '../lib/workload.js';

export interface OutboxCost {
  repeats: number;
  /** p50 of a transaction (BEGIN, one SELECT, COMMIT) without and with the outbox INSERT, ms. */
  txMs: number;
  txWithOutboxMs: number;
  /** p50 of the DELETE of an applied row, ms (off the mutation's path). */
  deleteMs: number;
}

const CHANGE = [{ type: 'post.edited', threadSlug: 'bench-outbox', postId: 1 }];

export async function measureOutboxCost(databaseUrl: string, repeats = 300): Promise<OutboxCost> {
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 1 }, new Metrics());
  const plain: number[] = [];
  const outbox: number[] = [];
  const deletes: number[] = [];
  const time = async (fn: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  try {
    for (let i = 0; i < repeats + 20; i++) {
      const a = await time(() => database.db.transaction(async (tx) => { await tx.execute(sql`select 1`); }));
      let id = 0;
      const b = await time(() => database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        id = await insertOutbox(tx, CHANGE);
      }));
      const d = await time(() => deleteOutbox(database.db, [id]));
      if (i < 20) continue; // warm-up
      plain.push(a);
      outbox.push(b);
      deletes.push(d);
    }
    await database.db.delete(cacheOutbox);
  } finally {
    await database.close();
  }
  return { repeats, txMs: percentile(plain, 50), txWithOutboxMs: percentile(outbox, 50), deleteMs: percentile(deletes, 50) };
}
