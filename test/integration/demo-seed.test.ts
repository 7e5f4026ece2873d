// The demo forum an empty embedded database gets: loaded from its JSON fixture, checked, and seeded.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { categories, posts as postsTable, reactions, threads, users } from '../../src/db/schema.js';
import { Metrics } from '../../src/metrics.js';
import { isEmpty, seedDemo } from '../../src/seed/demo.js';
import { DEMO_FORUM_FILE, loadDemoForum, type DemoForum } from '../../src/seed/demo-forum.js';
import { loadPgliteImage } from '../support/pglite-image.js';

describe('the demo forum', () => {
  let database: Database;
  let forum: DemoForum;
  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', loadDataDir: loadPgliteImage() }, new Metrics());
    forum = await loadDemoForum();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is read from the same file by the sources and by the build', () => {
    const fromBuild = new URL('../../src/seed/demo-forum.json', new URL('../../dist/seed/demo-forum.js', DEMO_FORUM_FILE));
    expect(fromBuild.href).toBe(DEMO_FORUM_FILE.href);
  });

  it('seeds an empty database with every user, category, thread, post and reaction of the fixture', async () => {
    expect(await isEmpty(database.db)).toBe(true);
    await seedDemo(database.db);
    expect(await isEmpty(database.db)).toBe(false);
    const { db } = database;
    const posts = forum.threads.flatMap((t) => t.posts);
    expect(await db.$count(users)).toBe(forum.users.length);
    expect(await db.$count(categories)).toBe(forum.categories.length);
    expect(await db.$count(threads)).toBe(forum.threads.length);
    expect(await db.$count(postsTable)).toBe(posts.length);
    expect(await db.$count(reactions)).toBe(posts.reduce((n, p) => n + p.reactions.length, 0));
  });

  it('refuses a fixture that names a user it does not list, saying where', async () => {
    const broken = structuredClone(forum) as DemoForum;
    broken.threads[1]!.posts[2]!.author = 'nobody_here';
    const file = join(mkdtempSync(join(tmpdir(), 'demo-forum-')), 'demo-forum.json');
    writeFileSync(file, JSON.stringify(broken));
    await expect(loadDemoForum(pathToFileURL(file))).rejects.toThrow('threads.1.posts.2.author: must name a listed user, got "nobody_here"');
  });
});
