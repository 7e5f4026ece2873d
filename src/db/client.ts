// Opens the database: embedded PGlite in a data folder, or PostgreSQL through postgres.js. Same query builder for both.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Metrics } from '../metrics.js';
import { lockDataDir } from './data-dir-lock.js';
import { preparedByDefault } from './prepare-by-default.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A server process's connections are named `forum-server:<owner>` (application_name): how others see it is alive. */
export const APPLICATION_PREFIX = 'forum-server:';

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /**
   * This process among the database's clients: its connections are named `forum-server:<owner>` (application_name),
   * so another process can tell whether it is still alive (src/data/outbox.data.ts claimOutbox).
   */
  owner: string;
  /** Cheap liveness probe for /healthz. */
  ping(): Promise<void>;
  /** Calls `onNotify` on every NOTIFY on the channel, from any process (postgres.js re-listens after reconnects). */
  listen(channel: string, onNotify: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Sees every statement the data layer sends, with its parameters (the EXPLAIN guard test collects them). */
export type QueryObserver = (query: string, params: unknown[]) => void;

export type DatabaseSource =
  | { kind: 'postgres'; url: string; max?: number; statementTimeoutMs?: number; onQuery?: QueryObserver }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File; statementTimeoutMs?: number; onQuery?: QueryObserver };

/**
 * PGlite's memory: PostgreSQL's shared buffers live inside the WebAssembly heap, which grows and never shrinks, so
 * they are resident for the life of the process. PostgreSQL's default (128 MB) is sized for a server among many
 * clients; the embedded database serves one process, and its files sit in the operating system's page cache anyway.
 * 16 MB holds the demo forum several times over; measured figures in the README ("Memory").
 */
export const PGLITE_MEMORY_SETTINGS = ['shared_buffers=16MB', 'maintenance_work_mem=16MB'];

export async function openDatabase(source: DatabaseSource, metrics: Metrics): Promise<Database> {
  const logger: DrizzleLogger = {
    logQuery: (query, params) => {
      metrics.dbQueries.inc();
      source.onQuery?.(query, params);
    },
  };
  const owner = randomBytes(8).toString('hex');
  if (source.kind === 'postgres') {
    const client = postgres(source.url, {
      max: source.max ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 30,
      // postgres.js waits up to 20 s between attempts to reconnect after failures: during an outage a request would
      // queue that long before its coded error, and after it the first requests would wait as long. Retry within 1 s.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      // Session settings of every connection. JIT compiles plans of statements it guesses are costly; for this
      // server's short statements it was most of the time of the slow ones (172 of 419 ms of a search count). A
      // statement timeout bounds what one request can hold a connection for (QUERY_TIMEOUT to the client).
      connection: {
        application_name: `${APPLICATION_PREFIX}${owner}`,
        jit: 'off',
        ...(source.statementTimeoutMs ? { statement_timeout: source.statementTimeoutMs } : {}),
      },
    });
    const db = drizzlePostgres(preparedByDefault(client), { schema, logger }) as unknown as Db;
    return {
      db, driver: 'postgres', owner,
      ping: async () => { await client`select 1`; },
      listen: async (channel, onNotify) => { await client.listen(channel, onNotify); },
      close: () => client.end({ timeout: 5 }),
    };
  }
  // Before anything touches the folder: a second opener must stop here and change nothing (DataDirLocked).
  const lock = source.dataDir ? lockDataDir(source.dataDir) : null;
  const create = () => PGlite.create({
    dataDir: source.dataDir, loadDataDir: source.loadDataDir,
    startParams: [
      ...PGlite.defaultStartParams,
      ...[...PGLITE_MEMORY_SETTINGS, ...(source.statementTimeoutMs ? [`statement_timeout=${source.statementTimeoutMs}`] : [])]
        .flatMap((setting) => ['-c', setting]),
    ],
  });
  let client: PGlite;
  try {
    const fresh = source.dataDir !== undefined && !existsSync(join(source.dataDir, 'PG_VERSION'));
    client = await create();
    if (fresh) {
      // Creating a database (initdb) leaves ~400 MB in the instance that ran it, until that instance is closed: a
      // first start would otherwise keep it for its whole life. Reopening costs about half a second, once.
      await client.close();
      client = await create();
    }
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db, driver: 'pglite', owner,
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
