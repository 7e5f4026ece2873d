// Two servers on one PostgreSQL and one Redis: a mutation on one is seen by the next read on the other,
// also when the other's cache fill raced with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type TestForum } from '../support/forum.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp, redisUp } from '../support/services.js';
import { holdFirstFill } from './cache-guarantees.suite.js';

const READ = `query($s: String!) {
  thread(slug: $s) { title postCount category { name } }
  threads(filter: { categorySlug: "garden" }) { totalCount nodes { slug title postCount } }
}`;

describe.skipIf(!postgresUp || !redisUp)('two servers sharing PostgreSQL and Redis', () => {
  let a: TestForum;
  let b: TestForum;
  let seed: Seeded;
  beforeAll(async () => {
    a = await startForum({ db: 'postgres', cache: 'redis' });
    b = await startForum({ db: 'postgres', cache: 'redis', shareWith: a });
    seed = await seedForum(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("shows a mutation made on one server in the other's next read of every cached entry", async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Shared thread' });
    await b.ok(READ, { s: t.slug });
    await b.ok(READ, { s: t.slug });
    await createPost(a, seed.bob.token, t.slug);
    await a.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Shared thread, renamed" }) { id } }`, { s: t.slug }, seed.alice.token);
    await a.ok(`mutation { updateCategory(slug: "garden", input: { name: "Garden (renamed)" }) { slug } }`, {}, seed.admin.token);
    const data = await b.ok(READ, { s: t.slug });
    expect(data.thread).toEqual({ title: 'Shared thread, renamed', postCount: 2, category: { name: 'Garden (renamed)' } });
    expect(data.threads.nodes.find((n: any) => n.slug === t.slug)).toMatchObject({ title: 'Shared thread, renamed', postCount: 2 });
  });

  it("does not let one server's slow fill hide a mutation made on the other", async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Race across servers' });
    await a.app.cache.invalidateThread(t.slug);
    const held = holdFirstFill(b, t.slug);
    const slow = b.ok(READ, { s: t.slug });
    await held.arrived;
    await a.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Race won by the writer" }) { id } }`, { s: t.slug }, seed.alice.token);
    held.release();
    await slow;
    expect((await b.ok(READ, { s: t.slug })).thread.title).toBe('Race won by the writer');
    expect((await a.ok(READ, { s: t.slug })).thread.title).toBe('Race won by the writer');
  });
});
