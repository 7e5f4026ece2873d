import { describe, expect, it } from 'vitest';
import type { TestForum } from '../support/forum.js';
import { createPost, createThread, type Seeded, withSeededForum } from '../support/seed.js';
import { postgresUp, redisUp } from '../support/services.js';

for (const [db, cache] of [['pglite', 'memory'], ['postgres', 'redis']] as const) {
  describe.skipIf((db === 'postgres' && !postgresUp) || (cache === 'redis' && !redisUp))(`smoke on ${db} + ${cache}`, () => {
    let forum: TestForum;
    let seed: Seeded;
    withSeededForum({ db, cache }, (f, s) => { forum = f; seed = s; });

    it('creates a thread, replies, and shows both in the thread and in the list', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'Smoke thread' });
      await createPost(forum, seed.bob.token, t.slug, 'Reply from bob');
      const data = await forum.ok(`query($s: String!) {
        thread(slug: $s) { title postCount author { username } posts { totalCount nodes { body author { username } } } }
        threads(filter: { categorySlug: "garden" }) { totalCount nodes { slug postCount } }
      }`, { s: t.slug });
      expect(data.thread.postCount).toBe(2);
      expect(data.thread.posts.nodes.map((p: any) => p.author.username)).toEqual(['alice', 'bob']);
      expect(data.threads.totalCount).toBe(1);
      expect(data.threads.nodes[0].postCount).toBe(2);
    });
  });
}
