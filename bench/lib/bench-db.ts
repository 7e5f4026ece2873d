// The benchmark database: created once, seeded by npm run seed, and reused while its marker (generator version,
// seed options, migrations) matches. The mixed workload writes as its own "bench-writer" accounts; restore()
// removes what they wrote and puts edited posts back, so every run starts from the seeded rows.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres, { type Sql, type TransactionSql } from 'postgres';
import { DUMMY_HASH } from '../../src/auth/password.js';
import { hashToken, newToken } from '../../src/auth/tokens.js';
import { RECOUNT_CATEGORIES_SQL } from '../../src/data/category-counts.js';
import { migrationsFolder } from '../../src/db/migrate.js';
import { SEED_VERSION, type SeedOptions } from '../../src/seed/generate.js';

export const WRITER_PREFIX = 'bench-writer-';

export const connect = (url: string): Sql => postgres(url, { max: 4, onnotice: () => {} });

/** Creates the database when it does not exist yet (through the server's `postgres` database). */
export async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bench: unexpected database name "${name}"`);
  admin.pathname = '/postgres';
  const sql = connect(admin.toString());
  try {
    const found = await sql`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** What the seeded data is: the same marker means the same rows. */
export const seedMarker = (seed: SeedOptions) => JSON.stringify({ generator: SEED_VERSION, seed, migrations: migrationsHash() });

async function readMarker(sql: Sql): Promise<string | null> {
  await sql`create table if not exists bench_meta (key text primary key, value text not null)`;
  const rows = await sql<{ value: string }[]>`select value from bench_meta where key = 'seed'`;
  return rows[0]?.value ?? null;
}

function runSeed(url: string, seed: SeedOptions): Promise<void> {
  const args = ['run', '--silent', 'seed', '--', '--reset', '--threads', String(seed.threads),
    '--posts-per-thread', String(seed.postsPerThread), '--users', String(seed.users), '--categories', String(seed.categories),
    '--reactions-per-post', String(seed.reactionsPerPost), '--seed', String(seed.seed), '--post-distribution', seed.postDistribution];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DATABASE_URL: url } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run seed exited with ${code}`))));
  });
}

/**
 * What the generated rows are, migrations left out: for a database whose server applies new migrations itself
 * (the EXPLAIN guard's), so that a migration does not cost a new seed.
 */
export const rowsMarker = (seed: SeedOptions) => JSON.stringify({ generator: SEED_VERSION, seed });

/** Seeds the database unless it already holds this data set (its marker); returns what it did. */
export async function ensureSeeded(url: string, seed: SeedOptions, wanted = seedMarker(seed)): Promise<'reused' | 'seeded'> {
  await ensureDatabase(url);
  const sql = connect(url);
  try {
    if (await readMarker(sql).catch(() => null) === wanted) return 'reused';
    await sql`delete from bench_meta where key = 'seed'`;
    await runSeed(url, seed);
    await sql`insert into bench_meta (key, value) values ('seed', ${wanted})`;
    return 'seeded';
  } finally {
    await sql.end();
  }
}

/** Puts the seeded rows back: edited posts restored, every bench writer's post and reaction removed. */
export async function restore(sql: Sql): Promise<void> {
  await sql`create table if not exists bench_post_backup (post_id int primary key, body text not null, edited_at timestamptz)`;
  await sql.begin(async (tx) => {
    await tx`update posts p set body = b.body, edited_at = b.edited_at from bench_post_backup b where p.id = b.post_id`;
    await tx`delete from bench_post_backup`;
    const writers = tx`select id from users where username like ${`${WRITER_PREFIX}%`}`;
    const touched = await tx<{ thread_id: number }[]>`select distinct thread_id from posts where author_id in (${writers})`;
    await tx`delete from reactions where user_id in (${writers}) or post_id in (select id from posts where author_id in (${writers}))`;
    await tx`delete from posts where author_id in (${writers})`;
    const ids = touched.map((t) => t.thread_id);
    if (ids.length > 0) {
      await tx`update threads t set post_count = s.n, last_activity_at = s.latest
        from (select thread_id, count(*)::int as n, max(created_at) as latest from posts
              where deleted_at is null and thread_id = any(${ids}::int[]) group by thread_id) s
        where t.id = s.thread_id`;
      await recountCategories(tx);
    }
  });
}

/** Recounts the categories' kept counts (src/data/category-counts.ts): after a bench changed threads behind the services' back. */
export async function recountCategories(sql: Sql | TransactionSql): Promise<void> {
  await sql.unsafe(RECOUNT_CATEGORIES_SQL);
}

/** Backs up posts the mixed workload may edit, so restore() can put them back. */
export async function backupPosts(sql: Sql, postIds: readonly number[]): Promise<void> {
  await sql`insert into bench_post_backup (post_id, body, edited_at)
    select id, body, edited_at from posts where id = any(${[...postIds]}::int[]) on conflict do nothing`;
}

export interface Writer { username: string; token: string }

/** Moderator accounts for the mixed workload's writes (moderators may edit any post), each with a fresh token (older ones are removed). */
export async function writers(sql: Sql, count: number): Promise<Writer[]> {
  const names = Array.from({ length: count }, (_, i) => `${WRITER_PREFIX}${String(i + 1).padStart(2, '0')}`);
  const existing = new Set((await sql<{ username: string }[]>`select username from users where username = any(${names})`).map((r) => r.username));
  for (const name of names.filter((n) => !existing.has(n))) {
    await sql`insert into users (username, display_name, role, password_hash) values (${name}, ${name}, 'MODERATOR', ${DUMMY_HASH})`;
  }
  const rows = await sql<{ id: number; username: string }[]>`select id, username from users where username = any(${names}) order by username`;
  await sql`delete from sessions where user_id = any(${rows.map((r) => r.id)}::int[])`;
  return Promise.all(rows.map(async (row) => {
    const token = newToken();
    await sql`insert into sessions (token_hash, user_id, expires_at) values (${hashToken(token)}, ${row.id}, now() + interval '1 day')`;
    return { username: row.username, token };
  }));
}
