// The demo forum an empty embedded database gets: loaded from its JSON fixture, checked, and seeded.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { categories, posts as postsTable, reactions, threadReads, threads, users } from '../../src/db/schema.js';
import { isNotNull, sql } from 'drizzle-orm';
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

  it('seeds the replies, the accepted answers and the read marks of the fixture, each within its thread', async () => {
    const { db } = database;
    const replies = forum.threads.flatMap((t) => t.posts).filter((p) => p.replyTo !== undefined).length;
    expect(replies).toBeGreaterThan(0);
    expect(await db.$count(postsTable, isNotNull(postsTable.replyToId))).toBe(replies);
    const answered = forum.threads.filter((t) => t.answer !== undefined).length;
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(await db.$count(threads, isNotNull(threads.answerPostId))).toBe(answered);
    expect(await db.$count(threadReads)).toBe(forum.threads.reduce((n, t) => n + (t.readBy?.length ?? 0), 0));
    // Every reply's parent and every answer is a post of the same thread.
    const strays = await db.execute(sql`select 1 from posts r join posts p on p.id = r.reply_to_id where p.thread_id <> r.thread_id
      union all select 1 from threads t join posts a on a.id = t.answer_post_id where a.thread_id <> t.id`);
    expect(((strays as { rows?: unknown[] }).rows ?? (strays as unknown as unknown[])).length).toBe(0); // PGlite: rows; postgres.js: the array
  });

  it('refuses a fixture that names a user it does not list, saying where', async () => {
    const broken = structuredClone(forum) as DemoForum;
    broken.threads[1]!.posts[2]!.author = 'nobody_here';
    const file = join(mkdtempSync(join(tmpdir(), 'demo-forum-')), 'demo-forum.json');
    writeFileSync(file, JSON.stringify(broken));
    await expect(loadDemoForum(pathToFileURL(file))).rejects.toThrow('threads.1.posts.2.author: must name a listed user, got "nobody_here"');
  });
});
