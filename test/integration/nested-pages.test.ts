// A list that asks for each thread's posts (latest-replies previews) costs the same statements for 3 threads as for 12.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type TestForum } from '../support/forum.js';
import { createPost, createThread, seedForum, type Seeded } from '../support/seed.js';

const LIST = `query($n: Int!) { threads(first: $n, filter: { categorySlug: "indoor" }) {
  nodes { title category { name } author { username } posts(first: 3) { totalCount nodes { body author { username } reactionCounts { like } } } }
} }`;

describe('thread lists with nested post pages, uncached', () => {
  let forum: TestForum;
  let seed: Seeded;
  beforeAll(async () => {
    forum = await startForum({ db: 'pglite', cache: 'off' });
    seed = await seedForum(forum);
    for (let i = 0; i < 12; i++) {
      const t = await createThread(forum, i % 2 ? seed.alice.token : seed.bob.token, { categorySlug: 'indoor', title: `Indoor thread ${i}` });
      for (let j = 0; j < 4; j++) await createPost(forum, j % 2 ? seed.alice.token : seed.moderator.token, t.slug, `reply ${j}`);
    }
  });
  afterAll(() => forum?.close());

  const statements = async (n: number) => {
    const before = await forum.dbQueries();
    const data = await forum.ok(LIST, { n });
    expect(data.threads.nodes).toHaveLength(n);
    expect(data.threads.nodes.every((t: any) => t.posts.nodes.length === 3 && t.posts.totalCount === 5)).toBe(true);
    return await forum.dbQueries() - before;
  };

  it('runs as many SQL statements for 12 threads with their posts as for 3', async () => {
    expect(await statements(12)).toBe(await statements(3));
  });
});
