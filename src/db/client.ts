// Opens the database: embedded PGlite in a data folder, or PostgreSQL through postgres.js. Same query builder for both.
import { PGlite } from '@electric-sql/pglite';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Metrics } from '../metrics.js';
import { lockDataDir } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Cheap liveness probe for /healthz. */
  ping(): Promise<void>;
  /** Calls `onNotify` on every NOTIFY on the channel, from any process (postgres.js re-listens after reconnects). */
  listen(channel: string, onNotify: () => void): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseSource =
  | { kind: 'postgres'; url: string; max?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File };

export async function openDatabase(source: DatabaseSource, metrics: Metrics): Promise<Database> {
  const logger: DrizzleLogger = { logQuery: () => metrics.dbQueries.inc() };
  if (source.kind === 'postgres') {
    const client = postgres(source.url, {
      max: source.max ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 30,
      // postgres.js waits up to 20 s between attempts to reconnect after failures: during an outage a request would
      // queue that long before its coded error, and after it the first requests would wait as long. Retry within 1 s.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    });
    const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
    return {
      db, driver: 'postgres',
      ping: async () => { await client`select 1`; },
      listen: async (channel, onNotify) => { await client.listen(channel, onNotify); },
      close: () => client.end({ timeout: 5 }),
    };
  }
  // Before anything touches the folder: a second opener must stop here and change nothing (DataDirLocked).
  const lock = source.dataDir ? lockDataDir(source.dataDir) : null;
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: source.dataDir, loadDataDir: source.loadDataDir });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db, driver: 'pglite',
    ping: async () => { await client.query('select 1'); },
    listen: async (channel, onNotify) => { await client.listen(channel, onNotify); },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
