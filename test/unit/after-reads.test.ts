import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { AfterReads } from '../../src/read/after-reads.js';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('AfterReads', () => {
  it('holds a batch until the page reads requested beside it have settled, then loads everything in one batch', async () => {
    const afterReads = new AfterReads();
    const batches: number[][] = [];
    const authors = new DataLoader(async (ids: readonly number[]) => { batches.push([...ids]); return ids; },
      { batchScheduleFn: afterReads.schedule });
    // As GraphQL resolves a thread: its author first, then its posts page (a read), whose posts' authors follow.
    const threadAuthor = authors.load(1);
    const page = afterReads.track(() => later([2, 3], 20)).then((ids) => authors.loadMany(ids));
    const nested = afterReads.track(() => later([4], 40)).then((ids) => authors.loadMany(ids));
    expect(await Promise.all([threadAuthor, page, nested])).toEqual([1, [2, 3], [4]]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('dispatches at once when no read is under way, and after a failed read too', async () => {
    const afterReads = new AfterReads();
    const batches: number[][] = [];
    const authors = new DataLoader(async (ids: readonly number[]) => { batches.push([...ids]); return ids; },
      { batchScheduleFn: afterReads.schedule });
    expect(await authors.load(7)).toBe(7);
    const failed = afterReads.track(() => later(null, 10).then(() => { throw new Error('read failed'); }));
    const held = authors.load(8);
    await expect(failed).rejects.toThrow('read failed');
    expect(await held).toBe(8);
    expect(batches).toEqual([[7], [8]]);
  });
});
