// What a list index build reads (src/data/threads.data.ts findListedThreads): a bucket's live threads a chunk at a
// time by keyset, each exactly once in the LAST_ACTIVITY index's order, also when a chunk ends among threads that
// share their timestamps (the keyset's later columns decide), and never a deleted one.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/data/raw-rows.js';
import { findListedThreads } from '../../src/data/threads.data.js';
import type { DbKind } from '../support/forum.js';
import { DELETE_THREAD, newCategory, newThread, seededForum, UPDATE_THREAD } from './api-helpers.js';

export function defineListedThreadsSuite(db: DbKind) {
  describe(`a list index build's read, chunk by chunk (${db})`, () => {
    const s = seededForum({ db, cache: 'off' });

    const read = async (slug: string | null, chunk: number) => {
      const chunks = await findListedThreads(s.forum.app.database.db, slug, chunk);
      if (chunks === null) return null;
      const sizes: number[] = [];
      const rows: { slug: string; isPinned: boolean }[] = [];
      for await (const part of chunks) {
        sizes.push(part.length);
        rows.push(...part);
      }
      return { sizes, slugs: rows.map((r) => r.slug), rows };
    };

    it('reads every live thread of a category once, in order, with chunks ending among threads of one timestamp', async () => {
      const { forum, seed } = s;
      const category = await newCategory(forum, seed.admin, 'listed-chunks');
      const made: string[] = [];
      for (let i = 0; i < 11; i++) made.push(await newThread(forum, seed.alice, category, `Chunked ${i}`));
      await forum.ok(UPDATE_THREAD, { slug: made[3], input: { isPinned: true } }, seed.admin.token);
      await forum.ok(DELETE_THREAD, { slug: made[5] }, seed.alice.token);
      // Seven threads at one activity time, four of them created at one time too: id breaks the tie.
      await forum.app.database.db.execute(sql`update threads set last_activity_at = '2026-01-02 03:04:05.123+00'
        where slug in (${sql.join(made.slice(0, 7).map((m) => sql`${m}`), sql`, `)})`);
      await forum.app.database.db.execute(sql`update threads set created_at = '2026-01-01 00:00:00.654+00'
        where slug in (${sql.join(made.slice(0, 4).map((m) => sql`${m}`), sql`, `)})`);
      const live = made.filter((_, i) => i !== 5);
      const ordered = await forum.app.database.db.execute(sql`select t.slug from threads t
        join categories c on c.id = t.category_id where c.slug = ${category} and t.deleted_at is null
        order by t.is_pinned, t.last_activity_at, t.created_at, t.id`);
      const expected = rowsOf<{ slug: string }>(ordered).map((r) => r.slug);
      expect([...expected].sort()).toEqual([...live].sort());
      for (const chunk of [1, 2, 3, 10, 5000]) {
        const got = (await read(category, chunk))!;
        expect(got.slugs, `chunks of ${chunk}`).toEqual(expected);
        expect(Math.max(...got.sizes)).toBeLessThanOrEqual(chunk);
      }
      expect((await read(category, 2))!.rows.filter((r) => r.isPinned).map((r) => r.slug)).toEqual([made[3]]);
    });

    it('reads all categories with the same rows as one statement would, and nothing for a category that does not exist', async () => {
      const all = (await read(null, 7))!;
      const whole = (await read(null, 1_000_000))!;
      expect(whole.sizes).toHaveLength(1);
      expect(all.slugs).toEqual(whole.slugs);
      expect(new Set(all.slugs).size).toBe(all.slugs.length);
      expect(await read('no-such-category', 7)).toBeNull();
    });
  });
}
