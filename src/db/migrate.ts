import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from './client.js';

/** drizzle/ at the package root; the same relative path from src/db and dist/db. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Applies pending migrations. On PostgreSQL it runs on one dedicated connection holding an advisory lock,
 * so two processes starting at once do not race.
 */
export async function runMigrations(database: Database, databaseUrl?: string): Promise<void> {
  if (database.driver === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  if (!databaseUrl) throw new Error('runMigrations: PostgreSQL needs its URL');
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(4242001)`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(4242001)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
