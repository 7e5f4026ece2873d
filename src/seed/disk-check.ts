// Before a seed starts: will the data set fit on the database's disk? Refuses with a message when it plainly will
// not, instead of filling the disk hours into a load.
import { existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SeedOptions } from './generate.js';

/**
 * Bytes on disk per post, everything included (the post, its tsvector and indexes, its share of threads and their
 * indexes, about one reaction): 10^5 threads, 1,992,839 posts and as many reactions measured 1.81 GB in PostgreSQL
 * (pg_database_size after npm run seed; README, "Scale"), 909 bytes a post; rounded up for what vacuum leaves behind.
 */
export const BYTES_PER_POST = 1000;

/** The estimate of a data set's size on disk, in bytes. */
export const estimateBytes = (options: SeedOptions) =>
  Math.round(options.threads * options.postsPerThread * BYTES_PER_POST * Math.max(1, options.reactionsPerPost / 2 + 0.5));

/** Free bytes of the file system holding `path` (or its nearest existing parent); null when it cannot be read. */
export function freeBytes(path: string): number | null {
  let at = resolve(path);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    const stats = statfsSync(at);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * Null when the data set fits in `free` bytes with a fifth to spare (index builds need room for a sort), else the
 * message to refuse with.
 */
export function diskRefusal(options: SeedOptions, free: number, where: string): string | null {
  const needed = estimateBytes(options);
  if (needed * 1.2 <= free) return null;
  return `about ${gb(needed)} is needed for ${options.threads.toLocaleString('en-US')} threads of ${options.postsPerThread} posts, `
    + `and ${where} has ${gb(free)} free: free some space, or seed fewer threads (--threads)`;
}
