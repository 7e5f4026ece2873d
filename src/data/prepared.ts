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

/** A PostgreSQL array literal of these values, for an `any($1::text[])` or `any($1::int[])` parameter. */
export const arrayParam = (values: readonly (string | number)[]): string => makePgArray([...values]);

/** `column = any($1::int[])`: one statement text whatever the number of ids (drizzle's inArray writes one per count). */
export const idIn = (column: SQLWrapper, ids: readonly number[]): SQL => sql`${column} = any(${arrayParam(ids)}::int[])`;
