// Seeded pseudo-random numbers for generated data sets: same seed, same sequence, on every machine.

export type Random = () => number;

/** mulberry32: a small, fast 32-bit generator; plenty for test data (not for anything secret). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Mixes integers into one well-spread 32-bit seed (murmur3's finalizer), so each stream is independent. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A generator of its own for one item (a thread, a user): its rows do not depend on how batches were cut. */
export const streamFor = (seed: number, kind: number, index: number): Random => mulberry32(mixSeed(seed, kind, index));

/** An integer in [0, n). */
export const below = (random: Random, n: number) => Math.floor(random() * n);

export const pick = <T>(random: Random, items: readonly T[]): T => items[below(random, items.length)]!;

/** A copy of `items` in a seeded order (Fisher-Yates, from the end): the same seed gives the same order. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = below(random, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Pareto(alpha) with mean 1, capped at `cap`: a heavy tail (a few long threads) around a chosen mean. */
export function paretoUnitMean(random: Random, alpha = 2, cap = 10): number {
  const xm = (alpha - 1) / alpha;
  return Math.min(cap, xm / Math.pow(1 - random(), 1 / alpha));
}

/** Exponential with the given mean. */
export const exponential = (random: Random, mean: number) => -Math.log(1 - random()) * mean;

/** A count with the given mean: the integer part, plus one with the fractional part's probability. */
export function countWithMean(random: Random, mean: number): number {
  const whole = Math.floor(mean);
  return whole + (random() < mean - whole ? 1 : 0);
}
