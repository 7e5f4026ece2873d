// Deterministic bulk data for benchmarks (npm run seed): the same options give the same rows, ids included,
// whatever the batch size. Pure: rows are generated here and written by seed-forum.ts.
import type { ReactionTypeName } from '../db/schema.js';
import {
  below, countWithMean, exponential, mixSeed, mulberry32, paretoUnitMean, pick, shuffled, streamFor, type Random,
} from './prng.js';
import {
  firstNames, lastNames, plants, problems, reactionWeights, sentences, subTopics, tagWords, titleTemplates, topics,
} from './vocabulary.js';

/** Bump when generation changes, so stored data sets built by an older version are recognised as different (2: posts are stored rendered). */
export const SEED_VERSION = 2;

/** Every generated account signs in with this password (one shared hash keeps seeding fast). */
export const SEED_PASSWORD = 'seed-password';

/** The data set's "now": every timestamp is at or before it, so the rows never depend on the wall clock. */
export const SEED_BASE_TIME = Date.parse('2025-06-01T00:00:00.000Z');

const DAY_MS = 86_400_000;
const THREAD_SPAN_MS = 365 * DAY_MS;

export interface SeedOptions {
  threads: number;
  /** The mean posts per thread (the opening post included), or the exact count with postDistribution 'fixed'. */
  postsPerThread: number;
  users: number;
  /** All categories: about a quarter top-level, the rest sub-categories under them. */
  categories: number;
  /** The mean reactions per post. */
  reactionsPerPost: number;
  seed: number;
  /** 'pareto': a heavy tail around the mean (a few threads with 10x the posts); 'fixed': exactly postsPerThread. */
  postDistribution: 'pareto' | 'fixed';
}

export const defaultSeedOptions = (threads = 1000): SeedOptions => ({
  threads, postsPerThread: 20, users: Math.min(50_000, Math.max(50, Math.ceil(threads / 5))),
  categories: 12, reactionsPerPost: 1, seed: 1, postDistribution: 'pareto',
});

/** The highest ids already in each table; generated ids follow them. */
export interface IdBase { users: number; categories: number; threads: number; posts: number }

export interface UserSeed {
  id: number; username: string; display_name: string; avatar_url: string | null; role: 'MEMBER' | 'MODERATOR' | 'ADMIN';
  password_hash: string; created_at: string;
}
export interface CategorySeed {
  id: number; slug: string; name: string; description: string; icon: string | null; display_order: number;
  parent_id: number | null; created_at: string;
}
export interface ThreadSeed {
  id: number; slug: string; category_id: number; author_id: number; title: string; tags: string[];
  is_pinned: boolean; is_locked: boolean; post_count: number; view_count: number;
  last_activity_at: string; created_at: string; updated_at: string;
}
export interface PostSeed { id: number; thread_id: number; number: number; author_id: number; body: string; created_at: string }
export interface ReactionSeed { post_id: number; user_id: number; type: ReactionTypeName; created_at: string }

/** One thread with its posts and their reactions: derived columns (post_count, last_activity_at) already agree. */
export interface ThreadBundle { thread: ThreadSeed; posts: PostSeed[]; reactions: ReactionSeed[] }

const KIND = { user: 1, category: 2, thread: 3, categoryPick: 4 } as const;
const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number) => String(n).padStart(6, '0');
const slugify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

export const seedThreadSlug = (index: number) => `seed-thread-${pad(index)}`;
export const seedUsername = (index: number) => `seed-user-${pad(index)}`;

export function generateUsers(options: SeedOptions, base: IdBase, passwordHash: string): UserSeed[] {
  return Array.from({ length: options.users }, (_, i) => {
    const random = streamFor(options.seed, KIND.user, i);
    const role = i === 0 ? 'ADMIN' : i <= 2 ? 'MODERATOR' : 'MEMBER';
    return {
      id: base.users + i + 1, username: seedUsername(i + 1),
      display_name: `${pick(random, firstNames)} ${pick(random, lastNames)}`,
      avatar_url: random() < 0.3 ? `https://avatars.example.com/seed/${i + 1}.png` : null,
      role, password_hash: passwordHash,
      created_at: iso(SEED_BASE_TIME - THREAD_SPAN_MS - 30 * DAY_MS + Math.floor(random() * 30 * DAY_MS)),
    };
  });
}

/** Top-level categories first (about a quarter), then sub-categories spread over them. */
export function generateCategories(options: SeedOptions, base: IdBase): CategorySeed[] {
  const total = Math.max(1, options.categories);
  const tops = Math.max(1, Math.round(total / 4));
  const created = iso(SEED_BASE_TIME - THREAD_SPAN_MS - 31 * DAY_MS);
  const rows: CategorySeed[] = [];
  for (let i = 0; i < tops; i++) {
    const topic = topics[i % topics.length]!;
    const name = i < topics.length ? topic.name : `${topic.name} ${Math.floor(i / topics.length) + 1}`;
    rows.push({
      id: base.categories + i + 1, slug: `seed-${slugify(name)}`, name, description: `Everything about ${name.toLowerCase()}.`,
      icon: topic.icon, display_order: i + 1, parent_id: null, created_at: created,
    });
  }
  for (let j = 0; j < total - tops; j++) {
    const parent = rows[j % tops]!;
    const sub = subTopics[Math.floor(j / tops) % subTopics.length]!;
    const round = Math.floor(j / (tops * subTopics.length));
    const name = round === 0 ? sub : `${sub} ${round + 1}`;
    rows.push({
      id: base.categories + tops + j + 1, slug: `${parent.slug}-${slugify(name)}`, name,
      description: `${name} in ${parent.name.toLowerCase()}.`, icon: null, display_order: Math.floor(j / tops) + 1,
      parent_id: parent.id, created_at: created,
    });
  }
  return rows;
}

/** Category popularity falls off with its position (a few busy categories, a long quiet tail). */
function categoryPicker(options: SeedOptions, categories: readonly CategorySeed[]): (random: Random) => number {
  const order = shuffled(mulberry32(mixSeed(options.seed, KIND.categoryPick)), categories.map((c) => c.id));
  const cumulative: number[] = [];
  let sum = 0;
  order.forEach((_, rank) => { sum += 1 / Math.pow(rank + 1, 0.8); cumulative.push(sum); });
  return (random) => {
    const target = random() * sum;
    const index = cumulative.findIndex((c) => c >= target);
    return order[index === -1 ? order.length - 1 : index]!;
  };
}

function title(random: Random): string {
  const text = pick(random, titleTemplates).replace('{plant}', pick(random, plants)).replace('{problem}', pick(random, problems));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function body(random: Random): string {
  const n = 1 + below(random, 5);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(pick(random, sentences));
  if (random() < 0.3) parts.splice(1, 0, `\n\nMy ${pick(random, plants)} had ${pick(random, problems)} too.`);
  return parts.join(' ');
}

function tags(random: Random): string[] {
  const n = below(random, 4);
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(pick(random, tagWords));
  return [...chosen];
}

function reactionType(random: Random): ReactionTypeName {
  const r = random();
  let acc = 0;
  for (const [type, weight] of reactionWeights) {
    acc += weight;
    if (r < acc) return type;
  }
  return 'LIKE';
}

/** Active users post more: a skew towards low user numbers. */
const activeUser = (random: Random, base: IdBase, users: number) => base.users + 1 + Math.floor(users * random() * random());

/**
 * The threads in order, each with its posts and reactions. Post ids run on from base.posts across threads, so
 * the sequence is generated in order; each thread's content comes from a stream of its own.
 */
export function* generateThreads(
  options: SeedOptions, base: IdBase, categories: readonly CategorySeed[],
): Generator<ThreadBundle> {
  const pickCategory = categoryPicker(options, categories);
  const spacing = THREAD_SPAN_MS / Math.max(1, options.threads);
  let nextPostId = base.posts + 1;
  for (let i = 0; i < options.threads; i++) {
    const random = streamFor(options.seed, KIND.thread, i);
    const id = base.threads + i + 1;
    const createdAt = Math.floor(SEED_BASE_TIME - THREAD_SPAN_MS + (i + 0.9 * random()) * spacing);
    const count = options.postDistribution === 'fixed'
      ? Math.max(1, options.postsPerThread)
      : Math.max(1, Math.round(options.postsPerThread * paretoUnitMean(random) / 0.975));
    // Replies spread over a window that ends at the data set's "now" at the latest.
    const window = Math.max(count, Math.min(SEED_BASE_TIME - createdAt, Math.floor(exponential(random, 3 * DAY_MS) + count * 600_000)));
    const offsets = Array.from({ length: count - 1 }, () => 1 + Math.floor(random() * window)).sort((a, b) => a - b);
    const times = [createdAt, ...offsets.map((o) => createdAt + o)];
    const authorId = activeUser(random, base, options.users);
    const posts: PostSeed[] = times.map((at, p) => ({
      id: nextPostId + p, thread_id: id, number: p + 1, author_id: p === 0 ? authorId : activeUser(random, base, options.users),
      body: body(random), created_at: iso(at),
    }));
    nextPostId += count;
    const reactions: ReactionSeed[] = [];
    for (const [p, post] of posts.entries()) {
      const n = Math.min(options.users - 1, countWithMean(random, options.reactionsPerPost * (0.5 + random())));
      const users = new Set<number>();
      while (users.size < n) {
        const user = base.users + 1 + below(random, options.users);
        if (user !== post.author_id) users.add(user);
      }
      for (const user of users) {
        reactions.push({ post_id: post.id, user_id: user, type: reactionType(random),
          created_at: iso(Math.min(SEED_BASE_TIME, times[p]! + below(random, DAY_MS))) });
      }
    }
    yield {
      thread: {
        id, slug: seedThreadSlug(i + 1), category_id: pickCategory(random), author_id: authorId, title: title(random),
        tags: tags(random), is_pinned: random() < 0.002, is_locked: random() < 0.01, post_count: count,
        view_count: Math.floor(count * (5 + 60 * random())), last_activity_at: iso(times.at(-1)!),
        created_at: iso(createdAt), updated_at: iso(createdAt),
      },
      posts, reactions,
    };
  }
}
