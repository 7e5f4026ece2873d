// One subscription's events in position order (src/live/ordered-feed.ts), against a backlog kept in memory.
import { describe, expect, it } from 'vitest';
import type { Backlog, Replay } from '../../src/live/backlog.js';
import type { PositionedEvent } from '../../src/live/live-event.js';
import { OrderedFeed } from '../../src/live/ordered-feed.js';

const event = (seq: number): PositionedEvent =>
  ({ topic: 'thread', slug: 'ferns', kind: 'POST_ADDED', postId: seq, channel: 'thread:7', seq });

/** A backlog holding events 1..current, of which `waiting` are not readable yet; nothing before `oldest`. */
function backlog(state: { current: number; waiting?: Set<number>; oldest?: number }) {
  const fake = {
    current: async () => state.current,
    async since(_channel: string, after: number): Promise<Replay> {
      const oldest = state.oldest ?? 1;
      if (after < state.current && after + 1 < oldest) return { reached: false, resumeAt: state.current };
      const events = [];
      for (let seq = after + 1; seq <= state.current; seq++) if (!state.waiting?.has(seq)) events.push(event(seq));
      return { reached: true, events, more: false };
    },
  };
  return fake as unknown as Backlog;
}

function feed(state: Parameters<typeof backlog>[0]) {
  const out: string[] = [];
  const f = new OrderedFeed({
    channel: 'thread:7', backlog: backlog(state), holeWaitMs: 10,
    emit: (e) => out.push(e.kind === 'RESYNC' ? `RESYNC@${e.seq}` : String(e.seq)),
    resync: (seq) => ({ ...event(seq), kind: 'RESYNC' }),
  });
  return { f, out };
}

describe('OrderedFeed', () => {
  it('replays the backlog after the position it starts from, then takes live events, dropping repeats', async () => {
    const state = { current: 5 };
    const { f, out } = feed(state);
    await f.start(2);
    expect(out).toEqual(['3', '4', '5']);
    f.deliver(event(5));
    f.deliver(event(6));
    expect(out).toEqual(['3', '4', '5', '6']);
  });

  it('holds an event that arrives before an earlier one, and passes both on in order', async () => {
    const { f, out } = feed({ current: 0 });
    await f.start(null);
    f.deliver(event(2));
    expect(out).toEqual([]);
    f.deliver(event(1));
    expect(out).toEqual(['1', '2']);
  });

  it('fills a hole that stays from the backlog, once the missing event is readable', async () => {
    const state = { current: 0, waiting: new Set([1]) };
    const { f, out } = feed(state);
    await f.start(null);
    state.current = 2;
    f.deliver(event(2));
    await new Promise((r) => setTimeout(r, 40));
    expect(out).toEqual([]); // event 1 is not readable yet: it is not passed on, nor is 2
    state.waiting.clear();
    await expect.poll(() => out, { timeout: 2000 }).toEqual(['1', '2']);
    f.close();
  });

  it('catches up from the backlog when its process lost the event connection', async () => {
    const state = { current: 1 };
    const { f, out } = feed(state);
    await f.start(null);
    state.current = 3; // announced while this process could not hear
    f.deliver('lost');
    await expect.poll(() => out).toEqual(['2', '3']);
  });

  it('answers a position the backlog no longer reaches with RESYNC at the position it goes on from', async () => {
    const { f, out } = feed({ current: 50, oldest: 20 });
    await f.start(3);
    expect(out).toEqual(['RESYNC@50']);
    f.deliver(event(51));
    expect(out).toEqual(['RESYNC@50', '51']);
  });
});
