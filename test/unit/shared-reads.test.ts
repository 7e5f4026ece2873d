// Reads shared by concurrent callers (src/live/shared-reads.ts): one read for a burst, never an answer that predates
// the question.
import { describe, expect, it } from 'vitest';
import { SharedReads } from '../../src/live/shared-reads.js';

/** A source whose value callers may change, and which counts the reads sent to it; each read takes `ms`. */
function source(ms = 5) {
  const state = { value: 0, reads: 0 };
  const load = async () => {
    state.reads++;
    const value = state.value; // what the read sees when it is sent
    await new Promise((r) => setTimeout(r, ms));
    return value;
  };
  return { state, load };
}

describe('SharedReads', () => {
  it('answers a thousand callers of one key in one turn with one read', async () => {
    const reads = new SharedReads<number>();
    const { state, load } = source();
    const answers = await Promise.all(Array.from({ length: 1000 }, () => reads.read('thread:7', load)));
    expect(state.reads).toBe(1);
    expect(new Set(answers)).toEqual(new Set([0]));
  });

  it('gives a caller that asks while a read is in flight the next read, sent after it asked', async () => {
    const reads = new SharedReads<number>();
    const { state, load } = source(20);
    const early = reads.read('thread:7', load);
    await new Promise((r) => setTimeout(r, 5)); // the first read is in flight
    state.value = 1;
    const late = Array.from({ length: 100 }, () => reads.read('thread:7', load));
    expect(await early).toBe(0);
    expect(new Set(await Promise.all(late))).toEqual(new Set([1]));
    expect(state.reads).toBe(2);
  });

  it('keeps keys apart, and shares a failure only with the callers of its read', async () => {
    const reads = new SharedReads<number>();
    let fail = true;
    const failing = () => (fail ? Promise.reject(new Error('database away')) : Promise.resolve(2));
    const { state, load } = source();
    const [a, b] = await Promise.allSettled([reads.read('thread:7', failing), reads.read('thread:7', failing)]);
    expect([a.status, b.status]).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await reads.read('thread:7', failing)).toBe(2);
    expect(await reads.read('thread:8', load)).toBe(0);
    expect(state.reads).toBe(1);
  });
});
