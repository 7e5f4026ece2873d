// Named prepared statements for the hot read queries. An unnamed statement with parameters costs two round trips
// on postgres.js (it describes the statement first, then binds and executes) and is planned on every call; a named
// one is described once per connection, then sent in one write, and PostgreSQL may reuse its plan. Drizzle also
// builds its SQL text once instead of per call. The text must not vary with its arguments: lists are passed as
// one array parameter (`= any($1::int[])`), never as `in ($1, $2, ...)`, so each connection holds one statement.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { makePgArray } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

/** Builds a query's prepared form once per database handle. */
export function preparedPer<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/**
 * A prepared query built once and run on any handle: the database, or a transaction of it. Drizzle binds a prepared
 * query to the connection of the handle it was built on, and building one costs far more than running it (about
 * 150 µs of CPU for a select of a thread's row, 330 for a write with two CTEs, against microseconds to bind its
 * values), so the writes' statements, which run inside each mutation's own transaction, are built here once and run
 * with that transaction's connection. The statement's text is the same on every handle of one database.
 */
export function preparedAnywhere<Q extends object>(build: (db: Db) => Q): (db: Db) => Q {
  let built: { query: Q; client: unknown } | undefined;
  return (db) => {
    const client = connectionOf(db);
    built ??= { query: build(db), client };
    if (client === built.client) return built.query;
    // The prepared query reads its connection from `this.client` when it runs (drizzle's postgres-js and PGlite drivers).
    if (client !== undefined && 'client' in built.query) return Object.create(built.query, { client: { value: client } }) as Q;
    return build(db);
  };
}

const connectionOf = (db: Db): unknown => (db as unknown as { session?: { client?: unknown } }).session?.client;

/** A PostgreSQL array literal of these values, for an `any($1::text[])` or `any($1::int[])` parameter. */
export const arrayParam = (values: readonly (string | number)[]): string => makePgArray([...values]);

/** `column = any($1::int[])`: one statement text whatever the number of ids (drizzle's inArray writes one per count). */
export const idIn = (column: SQLWrapper, ids: readonly number[]): SQL => sql`${column} = any(${arrayParam(ids)}::int[])`;
