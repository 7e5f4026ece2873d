// Zipf popularity: rank k (1-based) is drawn with probability proportional to 1 / k^s. Items are assigned to
// ranks by a seeded shuffle, so popularity is not tied to id or age, and is the same every run.
import { mulberry32, shuffled, type Random } from '../../src/seed/prng.js';

export class Zipf<T> {
  private readonly cumulative: Float64Array;
  private readonly ranked: T[];

  /** seed null keeps the items' own order as the ranks. */
  constructor(items: readonly T[], readonly s: number, seed: number | null) {
    if (items.length === 0) throw new Error('Zipf: needs at least one item');
    this.ranked = seed === null ? [...items] : shuffled(mulberry32(seed), items);
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let k = 0; k < items.length; k++) {
      sum += 1 / Math.pow(k + 1, s);
      this.cumulative[k] = sum;
    }
  }

  /** The item at rank k (0 = most popular). */
  at(rank: number): T { return this.ranked[rank]!; }

  get size(): number { return this.ranked.length; }

  /** The probability that a draw is one of the `n` most popular items. */
  shareOfTop(n: number): number {
    return n <= 0 ? 0 : this.cumulative[Math.min(n, this.size) - 1]! / this.cumulative[this.size - 1]!;
  }

  sample(random: Random): T {
    const target = random() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.ranked[lo]!;
  }
}
