// A sorted search has two plans (src/data/thread-list.query.ts): walk the sort's index testing each thread, or collect
// every match by GIN probes. Forced on the same data, both give the same pages in the same order, cursors included.
import { describe, expect, it } from 'vitest';
import {
  findThreadPage, positionOf, type ListFilter, type ListPosition, type SearchPlan, type ThreadSortName,
} from '../../src/data/thread-list.query.js';
import type { CacheKind, DbKind } from '../support/forum.js';
import { createPost } from '../support/seed.js';
import { DELETE_POST, DELETE_THREAD, newCategory, newThread, seededForum, sleep, updateThread } from './api-helpers.js';

/** Only the walk (it never gives up), only the probes, and a walk of one thread per row that gives up on some pages. */
const WALK: SearchPlan = { walkPerRow: Number.POSITIVE_INFINITY };
const PROBE: SearchPlan = { walkPerRow: 0 };
const SHORT_WALK: SearchPlan = { walkPerRow: 1 };
const SORTS: ThreadSortName[] = ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'];

export function defineSearchPlanSuite(db: DbKind, cache: CacheKind) {
  describe(`search plans (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });

    /** Every page of a list, `size` at a time, following each page's last position as the cursor. */
    async function pages(filter: ListFilter, sort: ThreadSortName, plan: SearchPlan, size: number) {
      const all: { slugs: string[]; position: ListPosition | null; hasNextPage: boolean }[] = [];
      let after: ListPosition | null = null;
      for (let i = 0; i < 50; i++) {
        const page = await findThreadPage(s.forum.app.database.db, filter, sort, size, after, plan);
        after = page.rows.length > 0 ? positionOf(page.rows.at(-1)!, sort) : null;
        all.push({ slugs: page.rows.map((r) => r.slug), position: after, hasNextPage: page.hasNextPage });
        if (!page.hasNextPage) return all;
      }
      throw new Error('the pages never ended');
    }

    it('the walk and the probes give the same pages, cursors and order for every sort', async () => {
      const { forum, seed } = s;
      await newCategory(forum, seed.admin, 'plans');
      await newCategory(forum, seed.admin, 'plans-other');
      const made: Record<string, string> = {};
      const thread = async (key: string, title: string, body = 'Nothing to see', category = 'plans') => {
        made[key] = await newThread(forum, key.startsWith('b') ? seed.bob : seed.alice, category, title, { body });
        await sleep(3);
      };
      await thread('titled', 'Cucumber wilting in June');
      await thread('body', 'Help please', 'My cucumbers look sad');
      await thread('both', 'Cucumber beetles', 'Cucumber beetles everywhere, and some aphids');
      await thread('bReply', 'Watering question');
      await createPost(forum, seed.bob.token, made.bReply!, 'Try mulching the cucumber bed, aphids hate it');
      await thread('deadReply', 'Another question');
      const dead = await createPost(forum, seed.bob.token, made.deadReply!, 'cucumber in a reply that goes away');
      await forum.ok(DELETE_POST, { id: dead }, seed.bob.token);
      await thread('deadThread', 'Cucumber thread that goes away');
      await forum.ok(DELETE_THREAD, { slug: made.deadThread }, seed.alice.token);
      await thread('pinned', 'Pinned cucumber rules', 'Read the aphids guide');
      await updateThread(forum, seed.admin.token, made.pinned!, { isPinned: true });
      await thread('elsewhere', 'Cucumber elsewhere', 'aphids', 'plans-other');
      await thread('prefix', 'Cucumbersome title');
      for (let i = 0; i < 4; i++) await thread(`more${i}`, `More cucumber ${i}`, i % 2 ? 'aphids too' : 'none');
      await createPost(forum, seed.bob.token, made.more1!, 'Another cucumber reply');
      await createPost(forum, seed.bob.token, made.more1!, 'And a third');

      const cucumber = { categorySlug: 'plans', searchWords: ['cucumber'] };
      const everything = new Set((await pages(cucumber, 'NEWEST', PROBE, 100))[0]!.slugs);
      expect(everything).toEqual(new Set(['titled', 'body', 'both', 'bReply', 'pinned', 'prefix', 'more0', 'more1', 'more2', 'more3']
        .map((k) => made[k])));
      const filters: ListFilter[] = [
        cucumber,
        { categorySlug: 'plans', searchWords: ['CUCUMBER', 'aphid'] },
        { searchWords: ['cucumber', 'aphids'] },
        { searchWords: ['cucumber'], authorUsername: seed.bob.username },
        { categorySlug: 'plans', searchWords: ['zucchini'] },
      ];
      for (const filter of filters) {
        for (const sort of SORTS) {
          const probe = await pages(filter, sort, PROBE, 2);
          const walk = await pages(filter, sort, WALK, 2);
          expect(walk, `${sort} ${JSON.stringify(filter)}`).toEqual(probe);
          expect(await pages(filter, sort, SHORT_WALK, 2), `${sort} ${JSON.stringify(filter)}`).toEqual(probe);
          const whole = await pages(filter, sort, WALK, 100);
          expect(walk.flatMap((p) => p.slugs)).toEqual(whole[0]!.slugs);
        }
      }
      // A page started on one plan continues on the other: the cursors are the same.
      const first = await pages(cucumber, 'LAST_ACTIVITY', PROBE, 3);
      const mixed = await findThreadPage(forum.app.database.db, cucumber, 'LAST_ACTIVITY', 3, first[0]!.position, WALK);
      expect(mixed.rows.map((r) => r.slug)).toEqual(first[1]!.slugs);
    }, 120_000); // a few hundred pages: a minute on a loaded machine
  });
}
