// What each domain change makes stale (src/cache/invalidation.ts): the one place that maps changes to stamps.
import { describe, expect, it } from 'vitest';
import type { ThreadState } from '../../src/cache/changes.js';
import { invalidationsOf } from '../../src/cache/invalidation.js';
import { dependencies, stamps } from '../../src/cache/keys.js';

const thread = (over: Partial<ThreadState> = {}): ThreadState => ({
  id: 7, slug: 'ferns', categorySlug: 'garden', version: 3, isPinned: false, lastActivityAt: '2026-01-02T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z', postCount: 4, live: true, ...over,
});

describe('invalidationsOf', () => {
  it('a reply re-stamps its thread, its counts (a page counts the posts it shows) and the stamp-guarded lists, not its category (counts come from the index), and places the thread in the indexes', () => {
    const effects = invalidationsOf([{ type: 'post.created', thread: thread(), postId: 9 }]);
    expect(effects.stamps.sort()).toEqual([
      stamps.thread('ferns'), stamps.reactions('ferns'), stamps.legacyThread('ferns'), stamps.categoryLists('garden'), stamps.globalLists(),
    ].sort());
    expect(effects.lists).toEqual([{ thread: thread(), leftCategories: [] }]);
  });

  it('an edited post touches only its thread and the search lists, and no index', () => {
    const effects = invalidationsOf([{ type: 'post.edited', threadSlug: 'ferns', postId: 9 }]);
    expect(effects.stamps.sort()).toEqual([stamps.thread('ferns'), stamps.legacyThread('ferns'), stamps.searchLists()].sort());
    expect(effects.lists).toEqual([]);
  });

  it("a reaction touches only its thread's reaction counts, not the thread's entry or its pages (and the stamp of earlier versions)", () => {
    expect(invalidationsOf([{ type: 'reaction.set', threadSlug: 'ferns', postId: 9 }]))
      .toEqual({ stamps: [stamps.reactions('ferns'), stamps.legacyThread('ferns')], lists: [] });
    expect(dependencies.thread('ferns')).not.toContain(stamps.legacyThread('ferns'));
    expect(dependencies.reactions('ferns')).toEqual([stamps.epoch(), stamps.reactions('ferns')]);
  });

  it("a deleted post re-stamps its thread's reaction counts (they sum its live posts)", () => {
    const effects = invalidationsOf([{ type: 'post.deleted', thread: thread({ postCount: 3, version: 4 }), postId: 9 }]);
    expect(effects.stamps).toEqual(expect.arrayContaining([stamps.thread('ferns'), stamps.reactions('ferns'), stamps.legacyThread('ferns')]));
  });

  it('an answer change touches its thread and the answered lists only, and no index', () => {
    expect(invalidationsOf([{ type: 'answer.changed', threadSlug: 'ferns', postIds: [9, 7] }]))
      .toEqual({ stamps: [stamps.thread('ferns'), stamps.answeredLists(), stamps.legacyThread('ferns')], lists: [] });
  });

  it("a registration re-stamps the name's lookup and the new user's id", () => {
    expect(invalidationsOf([{ type: 'user.created', username: 'Fern', userId: 7 }]).stamps)
      .toEqual([stamps.username('fern'), stamps.user(7)]);
  });

  it('a retitle re-stamps search lists but no other list', () => {
    const effects = invalidationsOf([{ type: 'thread.updated', thread: thread(), fields: ['title'], fromCategorySlug: 'garden' }]);
    expect(effects.stamps.sort()).toEqual([stamps.thread('ferns'), stamps.legacyThread('ferns'), stamps.searchLists()].sort());
  });

  it('a lock touches only the thread', () => {
    const effects = invalidationsOf([{ type: 'thread.updated', thread: thread(), fields: ['locked'], fromCategorySlug: 'garden' }]);
    expect(effects.stamps).toEqual([stamps.thread('ferns'), stamps.legacyThread('ferns')]);
  });

  it('a move re-stamps both categories\' lists, and drops the thread from the old category\'s indexes', () => {
    const moved = thread({ categorySlug: 'orchids' });
    const effects = invalidationsOf([{ type: 'thread.updated', thread: moved, fields: ['category'], fromCategorySlug: 'garden' }]);
    expect(effects.stamps).toEqual(expect.arrayContaining([
      stamps.categoryLists('garden'), stamps.categoryLists('orchids'), stamps.globalLists(),
    ]));
    expect(effects.stamps).not.toContain(stamps.category('garden'));
    expect(effects.lists).toEqual([{ thread: moved, leftCategories: ['garden'] }]);
  });

  it('a pin re-stamps the lists of its category', () => {
    const effects = invalidationsOf([{ type: 'thread.updated', thread: thread({ isPinned: true }), fields: ['pinned'], fromCategorySlug: 'garden' }]);
    expect(effects.stamps).toEqual(expect.arrayContaining([stamps.categoryLists('garden'), stamps.globalLists()]));
    expect(effects.stamps).not.toContain(stamps.category('garden'));
  });

  it('a deleted thread leaves the indexes', () => {
    const effects = invalidationsOf([{ type: 'thread.deleted', thread: thread({ live: false, version: 4 }) }]);
    expect(effects.lists[0]!.thread.live).toBe(false);
    expect(effects.stamps).toContain(stamps.categoryLists('garden'));
  });

  it('category edits re-stamp the category, the tree and the parent', () => {
    const effects = invalidationsOf([{ type: 'category.updated', slug: 'ferns', parentSlug: 'garden' }]);
    expect(effects.stamps.sort()).toEqual([stamps.category('ferns'), stamps.categoryTree(), stamps.category('garden')].sort());
  });

  it('re-rendered posts (the backfill) re-stamp their threads and the search lists, and no other list', () => {
    const effects = invalidationsOf([{ type: 'posts.rerendered', threadSlugs: ['ferns', 'moss'] }]);
    expect(effects.stamps.sort()).toEqual([
      stamps.thread('ferns'), stamps.thread('moss'), stamps.legacyThread('ferns'), stamps.legacyThread('moss'), stamps.searchLists(),
    ].sort());
    expect(effects.lists).toEqual([]);
  });

  it("a role change bumps the user's own stamp only, and a cache clear the epoch", () => {
    expect(invalidationsOf([{ type: 'role.changed', userId: 1 }]).stamps).toEqual([stamps.user(1)]);
    expect(invalidationsOf([{ type: 'cache.cleared' }]).stamps).toEqual([stamps.epoch()]);
  });

  it("a revocation bumps the user's sessions stamp only; every stamp it or a role change bumps guards the user's sessions", () => {
    expect(invalidationsOf([{ type: 'sessions.revoked', userId: 7 }]).stamps).toEqual([stamps.userSessions(7)]);
    for (const change of [{ type: 'sessions.revoked', userId: 7 }, { type: 'role.changed', userId: 7 }, { type: 'user.updated', userId: 7 }] as const) {
      for (const stamp of invalidationsOf([change]).stamps) expect(dependencies.session(7)).toContain(stamp);
    }
    expect(dependencies.session(7)).not.toContain(stamps.userSessions(8));
  });

  it('a change this version does not know (from a newer server in a rolling deploy) bumps the epoch', () => {
    expect(invalidationsOf([{ type: 'poll.created' } as never]).stamps).toEqual([stamps.epoch()]);
  });

  it('a batch keeps each thread once, at its newest version, with every category it left', () => {
    const effects = invalidationsOf([
      { type: 'thread.updated', thread: thread({ categorySlug: 'orchids', version: 5 }), fields: ['category'], fromCategorySlug: 'garden' },
      { type: 'post.created', thread: thread({ categorySlug: 'orchids', version: 4 }), postId: 1 },
      { type: 'thread.updated', thread: thread({ categorySlug: 'cacti', version: 6 }), fields: ['category'], fromCategorySlug: 'orchids' },
    ]);
    expect(effects.lists).toHaveLength(1);
    expect(effects.lists[0]!.thread.version).toBe(6);
    expect(effects.lists[0]!.leftCategories.sort()).toEqual(['garden', 'orchids']);
    expect(new Set(effects.stamps).size).toBe(effects.stamps.length);
  });
});
