// The server's statements reach PostgreSQL as named prepared statements (src/db/prepare-by-default.ts): described once
// per connection, then sent in one round trip each, where drizzle alone would ask postgres.js for unnamed ones (two
// round trips each). Statements whose text varies with a list's length stay unnamed. Checked on one connection
// through pg_prepared_statements, which lists that session's named statements.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { preparedByDefault } from '../../src/db/prepare-by-default.js';
import { POSTGRES_URL, postgresUp } from '../support/services.js';

describe.skipIf(!postgresUp)('statements are prepared by default (PostgreSQL)', () => {
  let client: Sql | null = null;
  afterEach(async () => { await client?.end(); });

  /** One connection, so pg_prepared_statements shows every statement the queries left. */
  const open = (wrap: boolean) => {
    client = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    return drizzle(wrap ? preparedByDefault(client) : client);
  };
  const named = async (marker: string) => (await client!<{ statement: string }[]>`
    select statement from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`).length;

  it('prepares a statement with parameters once per connection and reuses it, also inside a transaction', async () => {
    const db = open(true);
    for (const n of [1, 2, 3]) {
      const rows = await db.execute<{ n: number }>(sql`select ${n}::int + 1 as n /* plain-marker */`);
      expect(rows[0]!.n).toBe(n + 1);
    }
    expect(await named('plain-marker')).toBe(1);
    const inTx = await db.transaction(async (tx) => tx.execute<{ n: number }>(sql`select ${5}::int * 2 as n /* tx-marker */`));
    expect(inTx[0]!.n).toBe(10);
    expect(await named('tx-marker')).toBe(1);
  });

  it('leaves a statement whose text grows with a list unnamed, and answers it the same', async () => {
    const db = open(true);
    for (const list of [[1, 2], [1, 2, 3]]) {
      const rows = await db.execute<{ n: number }>(sql`select 7 as n where 2 in (${sql.join(list.map((v) => sql`${v}`), sql`, `)}) /* list-marker */`);
      expect(rows[0]!.n).toBe(7);
    }
    expect(await named('list-marker')).toBe(0);
  });

  it('without it, drizzle leaves every statement unnamed (what the wrapper changes)', async () => {
    const db = open(false);
    await db.execute(sql`select ${1}::int + 1 as n /* bare-marker */`);
    expect(await named('bare-marker')).toBe(0);
  });
});
