// A list index store's specification (src/cache/list-index-store.ts), run on Redis and in process: updates in any
// order end in the newest state, a build never loses an update that raced it, and an index that may be incomplete
// is never read.
import { expect, it } from 'vitest';
import type { CacheBackend } from '../../src/cache/cache-backend.js';
import type { ListedThread } from '../../src/cache/changes.js';
import { stamps } from '../../src/cache/keys.js';
import { indexEntry, memberPosition } from '../../src/cache/list-index.js';

export interface StoreFixture {
  /** A fresh, empty backend. */
  backend(): Promise<CacheBackend>;
  /** Redis only: deletes one key, as an eviction would. */
  evict?: (key: string) => Promise<void>;
}

const LAST_ACTIVITY = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const thread = (id: number, minute: number, version = 1, over: Partial<ListedThread> = {}): ListedThread => ({
  id, slug: `t${id}`, version, isPinned: false, lastActivityAt: at(minute), createdAt: at(0), postCount: 1, ...over,
});
const slugs = (members: string[]) => members.map((m) => memberPosition('LAST_ACTIVITY', m).slug);

async function built(backend: CacheBackend, bucket: string, threads: ListedThread[]) {
  const token = (await backend.lists.beginBuild(bucket))!;
  await backend.lists.loadBuild(bucket, token, threads.map((t) => indexEntry(t, true)));
  expect(await backend.lists.finishBuild(bucket, token)).toBe(true);
}

export function defineListIndexSuite(fixture: StoreFixture) {
  it('is not ready before a build, and serves pages in order with the total after it', async () => {
    const backend = await fixture.backend();
    expect(await backend.lists.readPage('garden', LAST_ACTIVITY, null, 2)).toBeNull();
    await built(backend, 'garden', [thread(1, 1), thread(2, 3), thread(3, 2)]);
    const page = (await backend.lists.readPage('garden', LAST_ACTIVITY, null, 2))!;
    expect(page.total).toBe(3);
    expect(slugs(page.members)).toEqual(['t2', 't3', 't1']); // one more than asked: there is a next page
  });

  it('moves a thread on a newer version and ignores an older one arriving late', async () => {
    const backend = await fixture.backend();
    await built(backend, 'garden', [thread(1, 1), thread(2, 2)]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(1, 9, 3), true) }]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(1, 5, 2), true) }]); // late and older
    expect(slugs((await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10))!.members)).toEqual(['t1', 't2']);
  });

  it('drops a thread that left and does not bring it back on an older update', async () => {
    const backend = await fixture.backend();
    await built(backend, 'garden', [thread(1, 1), thread(2, 2)]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(2, 2, 5), false) }]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(2, 8, 4), true) }]);
    const page = (await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10))!;
    expect(slugs(page.members)).toEqual(['t1']);
    expect(page.total).toBe(1);
  });

  it('keeps an update that lands between a build\'s start and its install', async () => {
    const backend = await fixture.backend();
    const token = (await backend.lists.beginBuild('garden'))!;
    // The build's snapshot was read before the reply to t1 committed; the reply's update arrives during the build.
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(1, 9, 2), true) }]);
    await backend.lists.loadBuild('garden', token, [thread(1, 1, 1), thread(2, 2, 1)].map((t) => indexEntry(t, true)));
    expect(await backend.lists.finishBuild('garden', token)).toBe(true);
    expect(slugs((await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10))!.members)).toEqual(['t1', 't2']);
  });

  it('lets one build run at a time, and an aborted one free the bucket', async () => {
    const backend = await fixture.backend();
    const token = (await backend.lists.beginBuild('garden'))!;
    expect(await backend.lists.beginBuild('garden')).toBeNull();
    await backend.lists.abortBuild('garden', token);
    expect(await backend.lists.beginBuild('garden')).not.toBeNull();
  });

  it('is not read after an epoch bump until rebuilt', async () => {
    const backend = await fixture.backend();
    await built(backend, 'garden', [thread(1, 1)]);
    await backend.bump([stamps.epoch()]);
    expect(await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10)).toBeNull();
    await built(backend, 'garden', [thread(1, 1), thread(2, 2)]);
    expect((await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10))!.total).toBe(2);
  });

  it('does not install a build that began before an epoch bump', async () => {
    const backend = await fixture.backend();
    const token = (await backend.lists.beginBuild('garden'))!;
    await backend.bump([stamps.epoch()]);
    await backend.lists.loadBuild('garden', token, [indexEntry(thread(1, 1), true)]);
    expect(await backend.lists.finishBuild('garden', token)).toBe(false);
    expect(await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10)).toBeNull();
  });

  it('changes the bucket\'s stamp on every update, so stored responses of its lists are not served again', async () => {
    const backend = await fixture.backend();
    await built(backend, 'garden', [thread(1, 1)]);
    const before = (await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10))!.stamps;
    expect(await backend.stampsMatch(before)).toBe(true);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(1, 3, 2), true) }]);
    expect(await backend.stampsMatch(before)).toBe(false);
  });

  it('counts the live threads and their posts of a bucket through builds, replies, removals and late updates', async () => {
    const backend = await fixture.backend();
    expect(await backend.lists.readCounts(['garden'])).toEqual([null]);
    await built(backend, 'garden', [thread(1, 1, 1, { postCount: 3 }), thread(2, 2, 1, { postCount: 5 })]);
    const counts = async () => (await backend.lists.readCounts(['garden', 'indoor']))
      .map((c) => c && { threads: c.threads, posts: c.posts });
    expect(await counts()).toEqual([{ threads: 2, posts: 8 }, null]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(1, 4, 2, { postCount: 4 }), true) }]); // a reply
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(1, 3, 1, { postCount: 3 }), true) }]); // late, older
    expect(await counts()).toEqual([{ threads: 2, posts: 9 }, null]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(2, 2, 2, { postCount: 5 }), false) }]); // deleted
    expect(await counts()).toEqual([{ threads: 1, posts: 4 }, null]);
    await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(3, 5, 1, { postCount: 1 }), true) }]); // new
    expect(await counts()).toEqual([{ threads: 2, posts: 5 }, null]);
  });

  if (fixture.evict) {
    it('is not read once any part of it was evicted', async () => {
      const backend = await fixture.backend();
      await built(backend, 'garden', [thread(1, 1), thread(2, 2)]);
      await fixture.evict!('forum:idx:{garden}:z1');
      expect(await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10)).toBeNull();
      await backend.lists.apply([{ bucket: 'garden', entry: indexEntry(thread(3, 3, 1), true) }]); // recreates z1 partly
      expect(await backend.lists.readPage('garden', LAST_ACTIVITY, null, 10)).toBeNull();
    });
  }
}
