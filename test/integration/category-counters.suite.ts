// The counts kept in the category rows (src/data/category-counts.ts): with CACHE=off they are what the API answers
// for Category.threadCount / postCount and for a category's or all threads' totalCount, so after every kind of
// write they must equal a recount from the live threads, and concurrent writers must not lose an update.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recountCategories } from '../../src/data/category-counts.js';
import { rowsOf } from '../../src/data/raw-rows.js';
import type { DbKind } from '../support/forum.js';
import { createPost, createThread } from '../support/seed.js';
import { DELETE_POST, DELETE_THREAD, newCategory, seededForum, UPDATE_THREAD } from './api-helpers.js';

interface Counts { slug: string; threadCount: number; postCount: number }

const CATEGORIES = `{ categories { slug threadCount postCount children { slug threadCount postCount } } }`;
const TOTAL = `query($filter: ThreadFilter) { threads(filter: $filter, first: 1) { totalCount } }`;
const REPORT = `mutation($id: ID!) { reportPost(postId: $id, reason: SPAM) { id } }`;
const RESOLVE = `mutation($id: ID!) { resolveReport(id: $id, resolution: POST_DELETED) { status } }`;

export function defineCategoryCountersSuite(db: DbKind) {
  describe(`category counters kept in the database (${db}, CACHE=off)`, () => {
    const sent: string[] = [];
    const s = seededForum({ db, cache: 'off', onQuery: (query) => { sent.push(query); } });

    const updateThread = (_forum: unknown, token: string, slug: string, input: Record<string, unknown>) =>
      s.forum.ok(UPDATE_THREAD, { slug, input }, token);

    const rows = async (query: ReturnType<typeof sql>) => rowsOf(await s.forum.app.database.db.execute(query));

    /** Every category's counts recounted from the live threads, and as kept in its row. */
    const inDatabase = async () => {
      const recounted = await rows(sql`select c.slug, count(t.id)::int as n, coalesce(sum(t.post_count), 0)::int as posts,
          c.thread_count as kept_n, c.post_count as kept_posts,
          coalesce(sum((select count(*) from posts p where p.thread_id = t.id and p.deleted_at is null)), 0)::int as live_posts
        from categories c left join threads t on t.category_id = c.id and t.deleted_at is null
        group by c.id order by c.slug`);
      return recounted.map((r) => ({
        slug: r.slug as string, threadCount: Number(r.n), postCount: Number(r.posts),
        kept: { threadCount: Number(r.kept_n), postCount: Number(r.kept_posts) }, livePosts: Number(r.live_posts),
      }));
    };

    /** What the API answers for every category and list, against the recount. */
    const expectExact = async () => {
      const recount = await inDatabase();
      for (const c of recount) {
        expect(c.kept, `the row of ${c.slug}`).toEqual({ threadCount: c.threadCount, postCount: c.postCount });
        expect(c.livePosts, `the threads' post counts in ${c.slug}`).toBe(c.postCount);
      }
      const { categories } = await s.forum.ok(CATEGORIES);
      const answered: Counts[] = categories.flatMap((c: Counts & { children: Counts[] }) =>
        [{ slug: c.slug, threadCount: c.threadCount, postCount: c.postCount }, ...c.children]);
      for (const c of answered) {
        const expected = recount.find((r) => r.slug === c.slug)!;
        expect(c, c.slug).toEqual({ slug: c.slug, threadCount: expected.threadCount, postCount: expected.postCount });
        const list = await s.forum.ok(TOTAL, { filter: { categorySlug: c.slug } });
        expect(list.threads.totalCount, `totalCount of ${c.slug}`).toBe(expected.threadCount);
      }
      const all = await s.forum.ok(TOTAL, {});
      expect(all.threads.totalCount).toBe(recount.reduce((sum, c) => sum + c.threadCount, 0));
      return recount;
    };

    it('after every kind of write (threads, replies, moves, deletions, a moderator deleting reported posts) the counts equal a recount', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'counted-a');
      await newCategory(forum, seed.admin, 'counted-b', { parentSlug: 'counted-a' });
      const a1 = await createThread(forum, seed.alice.token, { categorySlug: 'counted-a', title: 'Counted one' });
      const a2 = await createThread(forum, seed.bob.token, { categorySlug: 'counted-a', title: 'Counted two' });
      const b1 = await createThread(forum, seed.alice.token, { categorySlug: 'counted-b', title: 'Counted three' });
      const g1 = await createThread(forum, seed.bob.token, { categorySlug: 'garden', title: 'Counted four' });
      const replies: string[] = [];
      for (const t of [a1, a1, a1, a2, b1, b1, g1]) replies.push(await createPost(forum, seed.bob.token, t.slug, `A reply to ${t.slug}`));
      await expectExact();

      // A reply deleted, by its author and by a moderator resolving a report.
      await forum.ok(DELETE_POST, { id: replies[0] }, seed.bob.token);
      const report = await forum.ok(REPORT, { id: replies[1] }, seed.alice.token);
      await forum.ok(RESOLVE, { id: report.reportPost.id }, seed.moderator.token);
      await expectExact();

      // A move with its replies, one back, one to the same category (nothing moves), and edits that move nothing.
      await updateThread(forum, seed.moderator.token, a1.slug, { categorySlug: 'garden' });
      await updateThread(forum, seed.moderator.token, b1.slug, { categorySlug: 'counted-a' });
      await updateThread(forum, seed.moderator.token, b1.slug, { categorySlug: 'counted-b' });
      await updateThread(forum, seed.moderator.token, g1.slug, { categorySlug: 'garden', title: 'Counted four, retitled' });
      await updateThread(forum, seed.alice.token, a1.slug, { tags: ['counted'] });
      await createPost(forum, seed.alice.token, a1.slug, 'A reply after the move');
      const recount = await expectExact();
      expect(recount.find((c) => c.slug === 'counted-a')).toMatchObject({ threadCount: 1, postCount: 2 });
      expect(recount.find((c) => c.slug === 'counted-b')).toMatchObject({ threadCount: 1, postCount: 3 });

      // Threads deleted: by their author, and by a moderator deleting a reported opening post.
      await forum.ok(DELETE_THREAD, { slug: a2.slug }, seed.bob.token);
      const opening = await forum.ok(REPORT, { id: a1.firstPostId }, seed.bob.token);
      await forum.ok(RESOLVE, { id: opening.reportPost.id }, seed.moderator.token);
      const after = await expectExact();
      expect(after.find((c) => c.slug === 'counted-a')).toMatchObject({ threadCount: 0, postCount: 0 });
    });

    it('a burst of concurrent replies, threads and moves in one category leaves its counts exact', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'burst');
      const threads = await Promise.all([1, 2, 3, 4].map((i) =>
        createThread(forum, seed.alice.token, { categorySlug: 'burst', title: `Burst thread ${i}` })));
      const outside = await createThread(forum, seed.bob.token, { categorySlug: 'indoor', title: 'Moved into the burst' });
      const writers = [seed.alice, seed.bob, seed.moderator, seed.admin];
      const replies = Array.from({ length: 20 }, (_, i) =>
        createPost(forum, writers[i % writers.length]!.token, threads[i % threads.length]!.slug, `Burst reply ${i}`));
      await Promise.all([
        ...replies,
        createThread(forum, seed.bob.token, { categorySlug: 'burst', title: 'Born during the burst' }),
        updateThread(forum, seed.moderator.token, outside.slug, { categorySlug: 'burst' }),
        createPost(forum, seed.alice.token, outside.slug, 'A reply while it moves'),
      ]);
      const recount = await expectExact();
      // 4 + 1 + 1 threads; each opened with a post, 20 replies, and the moved thread's reply.
      expect(recount.find((c) => c.slug === 'burst')).toMatchObject({ threadCount: 6, postCount: 6 + 20 + 1 });
    });

    it('the counts read the category rows, not the threads: one statement each, whatever the forum holds', async () => {
      const { forum } = s;
      const during = async (query: string, variables: Record<string, unknown> = {}) => {
        sent.length = 0;
        await forum.ok(query, variables);
        return [...sent];
      };
      for (const statements of [
        await during(CATEGORIES),
        await during(TOTAL, {}),
        await during(TOTAL, { filter: { categorySlug: 'garden' } }),
      ]) {
        expect(statements.filter((q) => /count\(/i.test(q)), statements.join('\n')).toEqual([]);
        expect(statements.some((q) => q.includes('thread_count'))).toBe(true);
      }
      // Other filters still count by index.
      const tagged = await during(TOTAL, { filter: { tags: ['counted'] } });
      expect(tagged.some((q) => /count\(\*\)/i.test(q) && q.includes('"threads"'))).toBe(true);
    });

    it('recountCategories mends rows that drifted (what the seed and the migration run)', async () => {
      await s.forum.app.database.db.execute(sql`update categories set thread_count = 99, post_count = -3`);
      await recountCategories(s.forum.app.database.db);
      await expectExact();
    });
  });
}
