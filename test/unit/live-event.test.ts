// What subscribers are told about each domain change (src/live/live-event.ts), and how one subscriber's stream and
// the in-process bus behave (src/live/event-stream.ts, live-bus.ts).
import { describe, expect, it } from 'vitest';
import type { DomainChange, ThreadState } from '../../src/cache/changes.js';
import { MemoryBus, type Delivery } from '../../src/live/live-bus.js';
import { EventStream } from '../../src/live/event-stream.js';
import { liveEventsOf, resyncsAll, topicOf, type PositionedEvent } from '../../src/live/live-event.js';

const thread = (over: Partial<ThreadState> = {}): ThreadState => ({
  id: 7, slug: 'ferns', categorySlug: 'garden', version: 3, isPinned: false, lastActivityAt: '2026-01-02T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z', postCount: 4, live: true, ...over,
});

describe('liveEventsOf', () => {
  it('announces post changes and reactions on their thread, with the post', () => {
    const events = liveEventsOf([
      { type: 'post.created', thread: thread(), postId: 9 },
      { type: 'post.edited', threadSlug: 'ferns', postId: 9 },
      { type: 'reaction.set', threadSlug: 'ferns', postId: 9 },
      { type: 'post.deleted', thread: thread(), postId: 9 },
    ]);
    expect(events.map((e) => [topicOf(e), e.kind, 'postId' in e ? e.postId : null])).toEqual([
      ['thread:ferns', 'POST_ADDED', 9], ['thread:ferns', 'POST_EDITED', 9],
      ['thread:ferns', 'REACTIONS_CHANGED', 9], ['thread:ferns', 'POST_DELETED', 9],
    ]);
  });

  it('announces a new thread on its category, and a deleted one on both its page and its category', () => {
    expect(liveEventsOf([{ type: 'thread.created', thread: thread() }]))
      .toEqual([{ topic: 'category', slug: 'garden', kind: 'THREAD_CREATED', threadSlug: 'ferns' }]);
    expect(liveEventsOf([{ type: 'thread.deleted', thread: thread({ live: false }) }])).toEqual([
      { topic: 'thread', slug: 'ferns', kind: 'THREAD_DELETED' },
      { topic: 'category', slug: 'garden', kind: 'THREAD_DELETED', threadSlug: 'ferns' },
    ]);
  });

  it('announces each changed field of a thread, and a move on the thread and on both categories', () => {
    const events = liveEventsOf([{
      type: 'thread.updated', thread: thread({ categorySlug: 'indoor', isPinned: true }),
      fields: ['title', 'tags', 'category', 'pinned', 'locked'], fromCategorySlug: 'garden', isLocked: false,
    }]);
    expect(events.map((e) => `${topicOf(e)} ${e.kind}`)).toEqual([
      'thread:ferns THREAD_RETITLED', 'thread:ferns THREAD_RETAGGED', 'thread:ferns THREAD_MOVED',
      'category:garden THREAD_MOVED_OUT', 'category:indoor THREAD_MOVED_IN', 'thread:ferns THREAD_PINNED',
      'thread:ferns THREAD_UNLOCKED',
    ]);
  });

  it('announces nothing for category and role changes or re-rendered posts, and a resync of everyone when the cache was cleared', () => {
    const quiet: DomainChange[] = [{ type: 'category.updated', slug: 'garden', parentSlug: null }, { type: 'role.changed', userId: 1 },
      { type: 'posts.rerendered', threadSlugs: ['ferns'] }];
    expect([liveEventsOf(quiet), resyncsAll(quiet)]).toEqual([[], false]);
    expect([liveEventsOf([{ type: 'cache.cleared' }]), resyncsAll([{ type: 'cache.cleared' }])]).toEqual([[], true]);
  });
});

describe('EventStream', () => {
  const stream = (maxQueued = 3) => {
    const calls = { overflow: 0, end: 0, before: 0 };
    const s = new EventStream({
      maxQueued, onOverflow: () => calls.overflow++, onEnd: () => calls.end++, beforeEach: () => calls.before++,
    });
    return { s, calls };
  };
  const post = (n: number): PositionedEvent =>
    ({ topic: 'thread', slug: 'ferns', kind: 'POST_ADDED', postId: n, channel: 'thread:7', seq: n });
  const resync = (n: number): PositionedEvent => ({ topic: 'thread', slug: 'ferns', kind: 'RESYNC', channel: 'thread:7', seq: n });

  it('hands events on in order, waiting when there is none, and renews the reader before each', async () => {
    const { s, calls } = stream();
    s.push(post(1));
    const waiting = s.next();
    expect(await waiting).toEqual({ value: post(1), done: false });
    const later = s.next();
    s.push(post(2));
    expect(await later).toEqual({ value: post(2), done: false });
    expect(calls.before).toBe(2);
  });

  it('drops a subscriber that lets more than maxQueued events wait, once, and ends its stream', async () => {
    const { s, calls } = stream(3);
    for (let i = 0; i < 10; i++) s.push(post(i));
    expect(calls).toMatchObject({ overflow: 1, end: 1 });
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps only a resync when one arrives behind queued events (they add nothing to a refetch)', async () => {
    const { s } = stream(3);
    s.push(post(1));
    s.push(post(2));
    s.push(resync(2));
    expect(await s.next()).toEqual({ value: resync(2), done: false });
    s.return();
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });
});

describe('MemoryBus', () => {
  it("delivers an announcement to its topic's listeners only, and a resync to every listener", async () => {
    const bus = new MemoryBus();
    const ferns: Delivery[] = [];
    const garden: Delivery[] = [];
    const stopFerns = bus.listen('thread:ferns', (d) => ferns.push(d));
    bus.listen('category:garden', (d) => garden.push(d));
    const [added] = liveEventsOf([{ type: 'post.created', thread: thread(), postId: 9 }]);
    await bus.announce({ events: [{ ...added!, channel: 'thread:7', seq: 1 }], resyncAll: false });
    expect(ferns).toHaveLength(1);
    expect(garden).toHaveLength(0);
    await bus.announce({ events: [], resyncAll: true });
    expect([ferns.at(-1), garden.at(-1)]).toEqual(['resync', 'resync']);
    stopFerns();
    expect(bus.listenerCount('thread:ferns')).toBe(0);
  });
});
