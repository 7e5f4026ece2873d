// Command-line options of npm run bench, and what each size and mode means in rows and seconds.
import { parseArgs } from 'node:util';
import type { SeedOptions } from '../../src/seed/generate.js';

export type SizeName = 'small' | 'medium' | 'large';
export const SCENARIOS = ['read', 'mixed', 'invalidation', 'lists', 'live', 'workers', 'stampede', 'n-plus-one', 'markdown', 'people', 'reading', 'scale'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
/** What a run without --only runs: every scenario but scale (its own run: it seeds and measures every size). */
export const DEFAULT_SCENARIOS = SCENARIOS.filter((s) => s !== 'scale');

export interface Timing {
  /** Seconds of load on each target and read path before its first measured round (not counted). */
  warmupS: number;
  /** Seconds of each measured read-path round, and how many rounds (each target once per round). */
  roundS: number;
  rounds: number;
  mixedWarmupS: number;
  mixedS: number;
  /** Largest number of cached list entries in the invalidation scenario. */
  invalidationMax: number;
}

export interface BenchOptions {
  size: SizeName;
  quick: boolean;
  scenarios: Set<ScenarioName>;
  /** Also profile the forum server (--cpu-prof): a thread-page hit, and a miss (CACHE=off, thread page and list). */
  profile: boolean;
  /** Only these targets (all when null). */
  targets: Set<string> | null;
  connections: number;
  databaseUrl: string;
  redisUrl: string;
  seed: SeedOptions;
  timing: Timing;
  /** --live-baseline: the live scenario also runs the forum compiled in this directory, in alternating rounds. */
  liveBaseline: string | null;
}

/** 10^4, 10^5 and 10^6 threads of 20 posts on average (large: about 2·10^7 posts, a run by hand; README "Scale"). */
export const SIZES: Record<SizeName, SeedOptions> = {
  small: { threads: 10_000, postsPerThread: 20, users: 2_000, categories: 12, reactionsPerPost: 1, seed: 1, postDistribution: 'pareto' },
  medium: { threads: 100_000, postsPerThread: 20, users: 20_000, categories: 24, reactionsPerPost: 1, seed: 1, postDistribution: 'pareto' },
  large: { threads: 1_000_000, postsPerThread: 20, users: 50_000, categories: 48, reactionsPerPost: 1, seed: 1, postDistribution: 'pareto' },
};
export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];

const TIMING = {
  quick: { warmupS: 0.5, roundS: 0.75, rounds: 3, mixedWarmupS: 1.5, mixedS: 6, invalidationMax: 100_000 },
  full: { warmupS: 3, roundS: 3, rounds: 5, mixedWarmupS: 10, mixedS: 60, invalidationMax: 1_000_000 },
} satisfies Record<string, Timing>;

export const USAGE = `usage: npm run bench -- [--size small|medium|large] [--quick] [--only read,mixed,invalidation,lists,live,workers,stampede,n-plus-one,markdown,people,reading,scale]
                        [--targets cache-off,forum-redis,...] [--profile] [--connections N]
                        [--database-url URL] [--redis-url URL] [--live-baseline DIR]
  --size        small: 10,000 threads; medium: 100,000; large: 1,000,000 (by hand: ~18 GB, about an hour to seed); 20 posts each
                on average (default small). The scale scenario measures every size up to this one, each in the
                database named like --database-url's with _small, _medium or _large in place of its size suffix
  --quick       short runs (on small, the mixed workload alone takes about 3.5 minutes: its steady phase first
                reads every thread page, at most the 10,000 most read, once per server; --only picks scenarios)
  --only        run only these scenarios (\`--only profile\`: only the profile)
  --targets     run only against these servers (a partial run: results go to results-<scenarios>.*)
  --profile     also write CPU profile summaries: the forum answering thread-page hits (profile-thread-page-hit.md)
                and CACHE=off answering thread pages and lists, every request a miss (profile-miss.md);
                \`--only profile --targets cache-off\` profiles only the miss
  --live-baseline  before and after: the live scenario runs twice more, alternating this build of the forum (another
                worktree's dist/, built with npm run build there) with this one's: baseline, this, this, baseline
Results go to bench/results/ (results.md, results.json, chart.svg).`;

export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'small' }, quick: { type: 'boolean', default: false },
      only: { type: 'string' }, targets: { type: 'string' }, profile: { type: 'boolean', default: false },
      connections: { type: 'string', default: '32' },
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/forum_bench' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'live-baseline': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const size = values.size as SizeName;
  if (!(size in SIZES)) throw new Error(`--size must be small, medium or large, got "${values.size}"`);
  const listed = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...DEFAULT_SCENARIOS];
  for (const name of listed) {
    if (name !== 'profile' && !(SCENARIOS as readonly string[]).includes(name)) {
      throw new Error(`--only takes ${SCENARIOS.join(', ')} or profile; got "${name}"`);
    }
  }
  const only = listed.filter((name) => name !== 'profile');
  const connections = Number(values.connections);
  if (!Number.isInteger(connections) || connections < 1) throw new Error(`--connections must be a positive integer, got "${values.connections}"`);
  return {
    size, quick: values.quick!, scenarios: new Set(only as ScenarioName[]), profile: values.profile! || listed.includes('profile'), connections,
    targets: values.targets ? new Set(values.targets.split(',').map((t) => t.trim())) : null,
    databaseUrl: values['database-url']!, redisUrl: values['redis-url']!,
    seed: SIZES[size], timing: values.quick ? TIMING.quick : TIMING.full, liveBaseline: values['live-baseline'] ?? null,
  };
}

/** A Redis URL with a database index of its own (tests take low indexes, one per vitest worker). */
export function redisDb(base: string, index: number): string {
  const url = new URL(base);
  url.pathname = `/${index}`;
  return url.toString();
}

export const REDIS_DB = { forum: 12, peers: 13, invalidation: 14 } as const;
