// PGlite runs initdb in every new instance (~3 s): migrate once, dump the data dir, and load the dump per suite.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { migrationsFolder, runMigrations } from '../../src/db/migrate.js';
import { Metrics } from '../../src/metrics.js';

function imagePath(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  const dir = join(tmpdir(), 'forum-server-test');
  mkdirSync(dir, { recursive: true });
  return join(dir, `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** Builds the migrated image once (global setup); later calls reuse the file. */
export async function ensurePgliteImage(): Promise<string> {
  const path = imagePath();
  if (existsSync(path)) return path;
  const database = await openDatabase({ kind: 'pglite' }, new Metrics());
  await runMigrations(database);
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
  const blob = await client.dumpDataDir('gzip');
  await database.close();
  writeFileSync(`${path}.tmp`, Buffer.from(await blob.arrayBuffer()));
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.tmp`, path);
  return path;
}

export function loadPgliteImage(): Blob {
  return new Blob([readFileSync(imagePath())]);
}
