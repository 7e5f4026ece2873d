// Every statement drizzle sends through postgres.js as a named prepared statement, except those whose text varies
// with a list's length. Drizzle asks for an unnamed statement unless a query was `.prepare()`d, and postgres.js
// sends an unnamed statement that has parameters in two round trips: it parses and describes it first (to learn the
// parameters' types), waits, then binds and executes it. A named statement is described once per connection and then
// sent in one write. On this server's writes (a reply: the thread locked, the post, the thread's counts, the events
// and outbox row, the outbox row's claim and delete) that halves the round trips, each a socket write and a wake-up
// of the database's process. Statement texts are few (they differ by query shape, never by value); drizzle's
// inArray writes `in ($1, $2, ...)`, one text per list length, so those stay unnamed rather than pile up per
// connection. Connections end after postgres.js's max_lifetime, and their statements with them.
import type { Sql } from 'postgres';

/** drizzle's inArray / notInArray: `"column" in ($1, $2, ...)`, a text per list length. */
const VARIABLE_LIST = / in \(\$\d/i;

type UnsafeOptions = { prepare?: boolean; [option: string]: unknown };

/** A postgres.js client (or transaction) whose unsafe() prepares by default; transactions and savepoints inherit it. */
export function preparedByDefault(sql: Sql): Sql {
  // Made once per client: drizzle reads `unsafe` for every statement it sends.
  const unsafe = (query: string, params?: unknown[], options?: UnsafeOptions) => sql.unsafe(query, params as never, {
    ...options, prepare: options?.prepare === true || !VARIABLE_LIST.test(query),
  });
  const inherited = (open: (...args: unknown[]) => Promise<unknown>) => (...args: unknown[]) => {
    const work = args.pop() as (tx: Sql) => unknown;
    return open(...args, (tx: Sql) => work(preparedByDefault(tx)));
  };
  const begin = inherited(sql.begin as never);
  const savepoint = 'savepoint' in sql ? inherited((sql as unknown as { savepoint: never }).savepoint) : undefined;
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      if (property === 'savepoint' && savepoint) return savepoint;
      return Reflect.get(target, property, receiver);
    },
  });
}
