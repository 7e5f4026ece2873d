// npm run seed -- --threads 100000 --posts-per-thread 20 [--users N] [--categories N] [--reactions-per-post N]
//                  [--seed N] [--post-distribution pareto|fixed] [--reset]
// Generates a deterministic data set into the database the configuration names: DATABASE_URL (PostgreSQL) or the
// embedded database in DATA_DIR.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type DatabaseSource } from '../db/client.js';
import { DataDirLocked } from '../db/data-dir-lock.js';
import { runMigrations } from '../db/migrate.js';
import { Metrics } from '../metrics.js';
import { diskRefusal, estimateBytes, freeBytes } from './disk-check.js';
import { defaultSeedOptions, SEED_PASSWORD, SEED_VERSION, type SeedOptions } from './generate.js';
import { ProgressBar } from './progress.js';
import { SeedError, seedForum } from './seed-forum.js';

const USAGE = `usage: npm run seed -- [options]
  --threads N             threads to generate (default 1000)
  --posts-per-thread N    mean posts per thread, the opening post included (default 20)
  --post-distribution D   pareto (heavy tail around the mean, default) or fixed (exactly N each)
  --users N               accounts (default threads/5, at least 50, at most 50000)
  --categories N          categories, about a quarter of them top-level (default 12)
  --reactions-per-post N  mean reactions per post (default 1)
  --seed N                seed of the generator: same options, same rows (default 1)
  --reset                 empty every forum table first
Writes to DATABASE_URL when set, else to the embedded database in DATA_DIR.`;

function count(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new SeedError(`--${name} must be a number of at least ${min}, got "${value}"`);
  return n;
}

export function parseSeedArgs(argv: string[]): { options: SeedOptions; reset: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      threads: { type: 'string' }, 'posts-per-thread': { type: 'string' }, 'post-distribution': { type: 'string' },
      users: { type: 'string' }, categories: { type: 'string' }, 'reactions-per-post': { type: 'string' },
      seed: { type: 'string' }, reset: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const threads = Math.floor(count('threads', values.threads, 1000));
  const defaults = defaultSeedOptions(threads);
  const distribution = values['post-distribution'] ?? defaults.postDistribution;
  if (distribution !== 'pareto' && distribution !== 'fixed') {
    throw new SeedError(`--post-distribution must be pareto or fixed, got "${distribution}"`);
  }
  return {
    options: {
      threads,
      postsPerThread: count('posts-per-thread', values['posts-per-thread'], defaults.postsPerThread, 1),
      users: Math.floor(count('users', values.users, defaults.users, 1)),
      categories: Math.floor(count('categories', values.categories, defaults.categories, 1)),
      reactionsPerPost: count('reactions-per-post', values['reactions-per-post'], defaults.reactionsPerPost),
      seed: Math.floor(count('seed', values.seed, defaults.seed)),
      postDistribution: distribution,
    },
    reset: values.reset ?? false,
    help: values.help ?? false,
  };
}

async function main(): Promise<void> {
  const { options, reset, help } = parseSeedArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const source: DatabaseSource = config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, max: 4 }
    : { kind: 'pglite', dataDir: config.dataDir };
  const where = source.kind === 'postgres' ? `PostgreSQL ${new URL(source.url).pathname.slice(1) || '(default database)'}` : `PGlite in ${config.dataDir}`;
  const copy = source.kind === 'postgres' ? postgres(source.url, { max: 4, onnotice: () => {} }) : null;
  await checkDisk(options, copy, config.dataDir);
  const database = await openDatabase(source, new Metrics());
  try {
    await runMigrations(database, config.databaseUrl);
    const bar = new ProgressBar(`seed ${where}`, options.threads, 'threads');
    const summary = await seedForum(database.db, options, {
      reset, concurrency: source.kind === 'postgres' ? 3 : 1, onProgress: (done) => bar.update(done),
      copy: copy ?? undefined, log: (line) => console.error(line),
    });
    bar.finish();
    const n = (value: number) => value.toLocaleString('en-US');
    console.log(`seeded ${where} in ${(summary.ms / 1000).toFixed(1)} s (generator v${SEED_VERSION}, seed ${options.seed}`
      + `${reset ? ', after --reset' : ''}): ${n(summary.users)} users, ${n(summary.categories)} categories, `
      + `${n(summary.threads)} threads, ${n(summary.posts)} posts (mean ${(summary.posts / Math.max(1, summary.threads)).toFixed(1)}), `
      + `${n(summary.reactions)} reactions. Accounts seed-user-000001 (admin) ... sign in with password "${SEED_PASSWORD}".`);
  } finally {
    await database.close();
    await copy?.end();
  }
}

/**
 * Refuses (SeedError) when the estimate does not fit the database's disk: the embedded database's folder, or
 * PostgreSQL's data directory when it is on this machine and readable (a remote server's disk cannot be checked here).
 */
async function checkDisk(options: SeedOptions, sql: postgres.Sql | null, dataDir: string): Promise<void> {
  let path: string | null = dataDir;
  if (sql) {
    const rows = await sql<{ setting: string }[]>`select setting from pg_settings where name = 'data_directory'`.catch(() => []);
    path = rows[0]?.setting ?? null;
  }
  const free = path === null ? null : freeBytes(path);
  if (free === null) {
    console.error(`seed: cannot see the database's disk from here; the data set needs about ${(estimateBytes(options) / 1e9).toFixed(1)} GB`);
    return;
  }
  const refusal = diskRefusal(options, free, path!);
  if (refusal) throw new SeedError(refusal);
}

main().catch((error: unknown) => {
  if (error instanceof SeedError || error instanceof ConfigError || error instanceof DataDirLocked) {
    console.error(`seed: ${error.message}`);
  } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`seed: ${error.message}\n${USAGE}`);
  } else {
    console.error('seed: failed:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
