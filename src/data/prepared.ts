// Named prepared statements for the hot read queries. An unnamed statement with parameters costs two round trips
// on postgres.js (it describes the statement first, then binds and executes) and is planned on every call; a named
// one is described once per connection, then sent in one write, and PostgreSQL may reuse its plan. Drizzle also
// builds its SQL text once instead of per call. The text must not vary with its arguments: lists are passed as
// one array parameter (`= any($1::int[])`), never as `in ($1, $2, ...)`, so each connection holds one statement.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { makePgArray } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';

/**
 * A prepared query built once per database and run on any of its handles: the database, or a transaction of it.
 * Drizzle binds a prepared query to the connection of the handle it was built on, and building one costs far more than
 * running it (about 150 µs of CPU for a select of a thread's row, 330 for a write with two CTEs, against microseconds
 * to bind its values), so the writes' statements, which run inside each mutation's own transaction, are built here
 * once and run with that transaction's connection. Built per database, not per process: a process may hold several
 * (the tests run PGlite and PostgreSQL side by side), each with its own driver and statement log.
 */
export function preparedAnywhere<Q extends object>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<object, { query: Q; client: unknown }>();
  return (db) => {
    const { database, client } = handleOf(db);
    if (database === undefined || client === undefined) return build(db);
    let found = built.get(database);
    if (!found) {
      found = { query: build(db), client };
      built.set(database, found);
    }
    if (client === found.client) return found.query;
    // The prepared query reads its connection from `this.client` when it runs (drizzle's postgres-js and PGlite drivers).
    if ('client' in found.query) return Object.create(found.query, { client: { value: client } }) as Q;
    return build(db);
  };
}

/**
 * Drizzle's internals: one dialect per drizzle() database, shared by its transactions' handles (which of them a handle
 * belongs to), and the session's connection (the database's, or the transaction's).
 */
function handleOf(db: Db): { database: object | undefined; client: unknown } {
  const internals = db as unknown as { dialect?: object; session?: { client?: unknown } };
  return { database: internals.dialect, client: internals.session?.client };
}

/** A PostgreSQL array literal of these values, for an `any($1::text[])` or `any($1::int[])` parameter. */
export const arrayParam = (values: readonly (string | number)[]): string => makePgArray([...values]);

/** `column = any($1::int[])`: one statement text whatever the number of ids (drizzle's inArray writes one per count). */
export const idIn = (column: SQLWrapper, ids: readonly number[]): SQL => sql`${column} = any(${arrayParam(ids)}::int[])`;
