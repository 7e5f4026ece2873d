import { createHash } from 'node:crypto';
import { asc, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import { categories, posts, reactions, threads, users } from '../../src/db/schema.js';
import { Metrics } from '../../src/metrics.js';
import { defaultSeedOptions, SEED_BASE_TIME, type SeedOptions } from '../../src/seed/generate.js';
import { SeedError, seedForum } from '../../src/seed/seed-forum.js';
import { loadPgliteImage } from '../support/pglite-image.js';

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
    await seedForum(second.db, options, { reset: true });
    expect(await digest(second.db)).toBe(before);
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
