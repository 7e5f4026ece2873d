import { createHash } from 'node:crypto';
import { asc, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import { categories, posts, reactions, threads, users } from '../../src/db/schema.js';
import { Metrics } from '../../src/metrics.js';
import { defaultSeedOptions, SEED_BASE_TIME, type SeedOptions } from '../../src/seed/generate.js';
import { SeedError, seedForum } from '../../src/seed/seed-forum.js';
import postgres from 'postgres';
import { runMigrations } from '../../src/db/migrate.js';
import { diskRefusal, estimateBytes } from '../../src/seed/disk-check.js';
import { loadPgliteImage } from '../support/pglite-image.js';
import { POSTGRES_URL, postgresUp } from '../support/services.js';

const options: SeedOptions = {
  ...defaultSeedOptions(60), postsPerThread: 8, users: 25, categories: 7, reactionsPerPost: 1.5, seed: 42,
};

const openImage = () => openDatabase({ kind: 'pglite', loadDataDir: loadPgliteImage() }, new Metrics());

/** Every generated row, in id order; the password hash is left out (one random salt per run, by design). */
async function contents(db: Db) {
  const { passwordHash: _, ...userColumns } = getTableColumns(users);
  return {
    users: await db.select(userColumns).from(users).orderBy(asc(users.id)),
    categories: await db.select().from(categories).orderBy(asc(categories.id)),
    threads: await db.select().from(threads).orderBy(asc(threads.id)),
    posts: await db.select().from(posts).orderBy(asc(posts.id)),
    reactions: await db.select().from(reactions).orderBy(asc(reactions.postId), asc(reactions.userId), asc(reactions.type)),
  };
}

const digest = async (db: Db) => createHash('sha256').update(JSON.stringify(await contents(db))).digest('hex');

describe('the benchmark data generator (npm run seed)', () => {
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    [first, second] = await Promise.all([openImage(), openImage()]);
    await seedForum(first.db, options);
    await seedForum(second.db, options, { batchRows: 37 }); // other batch boundaries, same rows
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('writes the same rows, ids and timestamps included, for the same options', async () => {
    const data = await contents(first.db);
    expect(data.threads).toHaveLength(60);
    expect(data.users).toHaveLength(25);
    expect(data.categories).toHaveLength(7);
    expect(data.categories.filter((c) => c.parentId !== null).length).toBeGreaterThan(0);
    expect(await digest(second.db)).toBe(await digest(first.db));
  });

  it("keeps each thread's postCount and lastActivityAt equal to its posts, which start with the thread", async () => {
    const rows = await first.db.select({
      id: threads.id, postCount: threads.postCount, lastActivityAt: threads.lastActivityAt, createdAt: threads.createdAt,
      n: sql<number>`count(${posts.id})::int`, newest: sql<string>`max(${posts.createdAt})`, oldest: sql<string>`min(${posts.createdAt})`,
    }).from(threads).leftJoin(posts, sql`${posts.threadId} = ${threads.id}`).groupBy(threads.id);
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      expect(row.n).toBe(row.postCount);
      expect(new Date(row.newest).getTime()).toBe(row.lastActivityAt.getTime());
      expect(new Date(row.oldest).getTime()).toBe(row.createdAt.getTime());
      expect(row.lastActivityAt.getTime()).toBeLessThanOrEqual(SEED_BASE_TIME);
    }
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect(total / rows.length).toBeGreaterThan(6);
    expect(total / rows.length).toBeLessThan(10);
  });

  it('lets the server insert after it: the id sequences continue past the generated ids', async () => {
    const [row] = await first.db.insert(users).values({ username: 'after-seed', displayName: 'After', passwordHash: 'x' })
      .returning({ id: users.id });
    expect(row!.id).toBe(26);
    await first.db.delete(users).where(sql`${users.id} = 26`);
  });

  it('refuses to seed a database twice, and --reset reproduces the same rows', async () => {
    const before = await digest(second.db);
    await expect(seedForum(second.db, options)).rejects.toBeInstanceOf(SeedError);
    // A live event kept from before: positions restart with the rows, so --reset must drop it too.
    await second.db.execute(sql`insert into live_events (channel, seq, event) values ('thread:1', 1, '{}'::jsonb)`);
    await seedForum(second.db, options, { reset: true });
    expect(await digest(second.db)).toBe(before);
    const left = await second.db.execute(sql`select count(*)::int as n from live_events`);
    expect(((Array.isArray(left) ? left : (left as { rows: unknown[] }).rows)[0] as { n: number }).n).toBe(0);
  });

  it('gives different rows for another seed', async () => {
    const other = await openImage();
    try {
      await seedForum(other.db, { ...options, seed: 43 });
      expect(await digest(other.db)).not.toBe(await digest(first.db));
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!postgresUp)('npm run seed on PostgreSQL: COPY, and indexes built after the load', () => {
  const name = `forum_t_seed_${process.pid}`;
  const url = Object.assign(new URL(POSTGRES_URL), { pathname: `/${name}` }).toString();
  let admin: postgres.Sql;
  let database: Database;
  let sqlClient: postgres.Sql;
  let reference: Database;
  beforeAll(async () => {
    admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    database = await openDatabase({ kind: 'postgres', url }, new Metrics());
    await runMigrations(database, url);
    sqlClient = postgres(url, { max: 4, onnotice: () => {} });
    reference = await openImage();
    await seedForum(reference.db, options);
  });
  afterAll(async () => {
    await sqlClient?.end();
    await database?.close();
    await reference?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  const indexNames = async () => (await sqlClient<{ name: string }[]>`
    select indexname as name from pg_indexes where tablename in ('threads', 'posts', 'reactions') order by 1`).map((r) => r.name);

  it('writes the same rows as the inserts, and every index exists again afterwards', async () => {
    const before = await indexNames();
    expect(before).toContain('posts_body_text_tsv_idx');
    await seedForum(database.db, options, { reset: true, copy: sqlClient, concurrency: 3 });
    expect(await digest(database.db)).toBe(await digest(reference.db));
    expect(await indexNames()).toEqual(before);
    expect(await sqlClient`select * from seed_deferred_indexes`).toHaveLength(0);
  });

  it('a seed that died after dropping the indexes leaves them to the next run, which builds them first', async () => {
    const before = await indexNames();
    await sqlClient`insert into seed_deferred_indexes (name, definition)
      select indexname, indexdef from pg_indexes where indexname in ('posts_thread_idx', 'threads_tags_idx')`;
    await sqlClient`drop index posts_thread_idx`;
    await sqlClient`drop index threads_tags_idx`;
    await expect(seedForum(database.db, options, { copy: sqlClient })).rejects.toBeInstanceOf(SeedError); // already seeded
    expect(await indexNames()).toEqual(before);
  });
});

describe('the free-disk check of npm run seed', () => {
  it('refuses, saying how much is needed and what is free, when the data set will not fit', () => {
    const large = { ...defaultSeedOptions(1_000_000), postsPerThread: 20 };
    expect(estimateBytes(large)).toBeGreaterThan(15e9);
    const refusal = diskRefusal(large, 10e9, '/var/lib/postgresql/16/main');
    expect(refusal).toMatch(/about \d+\.\d GB is needed for 1,000,000 threads of 20 posts, and \/var\/lib\/postgresql\/16\/main has 10\.0 GB free/);
    expect(diskRefusal(defaultSeedOptions(1000), 10e9, '/tmp')).toBeNull();
  });
});
