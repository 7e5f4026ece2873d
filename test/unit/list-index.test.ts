// The pure parts of lists maintained on write: which lists are maintained, and members whose byte order is the
// list's order (pinned first, then the sort's columns, the id last), with cursors that round-trip.
import { describe, expect, it } from 'vitest';
import type { ListedThread } from '../../src/cache/changes.js';
import { normalizeListArgs } from '../../src/cache/keys.js';
import {
  ALL_BUCKET, INDEXED_SORTS, indexedList, indexEntry, memberPosition, pageStart, positionKey,
} from '../../src/cache/list-index.js';

const thread = (id: number, over: Partial<ListedThread> = {}): ListedThread => ({
  id, slug: `t${id}`, version: 1, isPinned: false, lastActivityAt: '2026-03-01T10:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z', postCount: 1, ...over,
});

/** The slugs in list order for a sort, as the index orders them. */
const ordered = (sort: number, threads: ListedThread[]) =>
  threads.map((t) => indexEntry(t, true).members![sort]!).sort().map((m) => m.slice(m.indexOf(':') + 1));

describe('indexedList', () => {
  it('maintains lists by category or across categories in the four indexed sorts', () => {
    expect(indexedList(normalizeListArgs({ filter: { categorySlug: 'garden' } }))).toEqual({ bucket: 'garden', sort: 0 });
    expect(indexedList(normalizeListArgs({ sort: 'MOST_POSTS' }))).toEqual({ bucket: ALL_BUCKET, sort: 3 });
  });

  it('leaves search, tag, author and MOST_VIEWED lists to stamps', () => {
    expect(indexedList(normalizeListArgs({ filter: { search: 'fern' } }))).toBeNull();
    expect(indexedList(normalizeListArgs({ filter: { tags: ['a'] } }))).toBeNull();
    expect(indexedList(normalizeListArgs({ filter: { authorUsername: 'alice' } }))).toBeNull();
    expect(indexedList(normalizeListArgs({ sort: 'MOST_VIEWED' }))).toBeNull();
  });
});

describe('members', () => {
  const a = thread(1, { lastActivityAt: '2026-03-05T00:00:00.000Z', createdAt: '2026-01-03T00:00:00.000Z', postCount: 5 });
  const b = thread(2, { lastActivityAt: '2026-03-09T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', postCount: 9 });
  const c = thread(3, { lastActivityAt: '2026-03-01T00:00:00.000Z', createdAt: '2026-01-02T00:00:00.000Z', postCount: 9, isPinned: true });
  const d = thread(4, { lastActivityAt: '2026-03-05T00:00:00.000Z', createdAt: '2026-01-03T00:00:00.000Z', postCount: 5 });

  it('order every sort pinned first, then by its columns, then newest id first', () => {
    const sort = (name: (typeof INDEXED_SORTS)[number]) => INDEXED_SORTS.indexOf(name);
    expect(ordered(sort('LAST_ACTIVITY'), [a, b, c, d])).toEqual(['t3', 't2', 't4', 't1']);
    expect(ordered(sort('NEWEST'), [a, b, c, d])).toEqual(['t3', 't4', 't1', 't2']);
    expect(ordered(sort('OLDEST'), [a, b, c, d])).toEqual(['t3', 't2', 't4', 't1']);
    expect(ordered(sort('MOST_POSTS'), [a, b, c, d])).toEqual(['t3', 't2', 't4', 't1']);
  });

  it('give back the position they were made from, so cursors match the database path', () => {
    for (const [i, sort] of INDEXED_SORTS.entries()) {
      const member = indexEntry(c, true).members![i]!;
      const { slug, position } = memberPosition(sort, member);
      expect(slug).toBe('t3');
      expect(`${positionKey(sort, position)}:t3`).toBe(member);
    }
    expect(memberPosition('MOST_POSTS', indexEntry(b, true).members![3]!).position)
      .toEqual([false, 9, '2026-01-01T00:00:00.000Z', 2]);
  });

  it('start a page strictly after the cursor\'s thread and before the next one', () => {
    const members = [a, b, c, d].map((t) => indexEntry(t, true).members![0]!).sort();
    const start = pageStart('LAST_ACTIVITY', memberPosition('LAST_ACTIVITY', members[1]!).position)!;
    expect(members.filter((m) => m >= start)).toEqual(members.slice(2));
    expect(pageStart('LAST_ACTIVITY', null)).toBeNull();
  });

  it('clamp forged positions (year 0, negative ids) instead of breaking the order', () => {
    const key = positionKey('NEWEST', [false, '0000-01-01T00:00:00.000Z', -5]);
    expect(key).toMatch(/^1\d{23}$/);
  });

  it('a thread that is not listed has no members', () => {
    expect(indexEntry(a, false)).toEqual({ slug: 't1', version: 1, postCount: 0, members: null });
  });
});
