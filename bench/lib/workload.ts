// The mixed forum workload: Zipf(0.9) thread popularity, 30 reads to 1 write. Reads: thread pages, category
// lists, the categories tree. Writes, as moderator "bench-writer" accounts: createPost, toggleReaction (only ever
// adding a reaction, so counts only grow and a stale read is recognisable), editPost (of hot threads' opening
// posts, backed up first). Each request's kind and latency are recorded; completed writes feed the stale probe.
import type autocannon from 'autocannon';
import { below, mulberry32, type Random } from '../../src/seed/prng.js';
import type { Writer } from './bench-db.js';
import type { Catalog, ThreadInfo } from './catalog.js';
import {
  body, categoriesBody, CREATE_POST, EDIT_POST, JSON_HEADERS, threadListBody, threadPageBody, TOGGLE_REACTION,
} from './queries.js';
import { Zipf } from './zipf.js';

/** BENCH_READS_PER_WRITE=N changes the mix (0: writes only, to profile what a write costs with --profile). */
export const READS_PER_WRITE = readsPerWrite(process.env.BENCH_READS_PER_WRITE);

function readsPerWrite(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 30;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`BENCH_READS_PER_WRITE must be a whole number of reads, 0 or more: "${raw}"`);
  return n;
}
export const ZIPF_S = 0.9;
const READ_MIX = { thread: 0.75, list: 0.2 }; // the rest: the categories tree
const WRITE_MIX = { createPost: 0.4, toggleReaction: 0.4 }; // the rest: editPost
const REACTIONS = ['LIKE', 'HELPFUL', 'LOVE'] as const;

export type RequestKind = 'thread' | 'list' | 'categories' | 'createPost' | 'toggleReaction' | 'editPost';
export const READ_KINDS: RequestKind[] = ['thread', 'list', 'categories'];

interface Pending { kind: RequestKind; started: number; thread?: ThreadInfo; postId?: number }
export interface CompletedWrite { kind: RequestKind; thread: ThreadInfo; at: number }

/**
 * What every later read must show once a write has returned: the values its response reported (read from the
 * database by the write itself). All of them only grow under this workload.
 */
export interface ThreadExpectation { postCount: number; firstPostReactions: number; firstPostEditedAt: number; lastActivityAt: number }

/**
 * A LAST_ACTIVITY list shows its pinned threads first, each group newest activity first. A reply to a pinned thread
 * must show among the pinned; a reply to another thread among the others, unless the first page holds only pinned
 * threads (a category with 20 or more of them), where it cannot show.
 */
export interface CategoryExpectation { pinned: number; unpinned: number }

export interface KindStats { requests: number; errors: number; latencies: number[] }

export class MixedWorkload {
  private readonly random: Random;
  private readonly threads: Zipf<ThreadInfo>;
  private readonly categories: Zipf<string>;
  private readonly editRanks: Zipf<number>;
  private readonly reacted = new Set<string>();
  private readonly editing = new Set<number>();
  private edits = 0;
  private readonly recent: CompletedWrite[] = [];
  private readonly expected = new Map<string, ThreadExpectation>();
  /** Per category, the newest activity that returned writes reported, for pinned and for unpinned threads apart. */
  private readonly categoryNewest = new Map<string, CategoryExpectation>();
  stats = new Map<RequestKind, KindStats>();

  constructor(catalog: Catalog, private readonly writers: readonly { token: string }[], seed: number, readonly editableCount: number) {
    this.random = mulberry32(seed);
    this.threads = new Zipf(catalog.threads, ZIPF_S, seed + 1);
    this.categories = new Zipf(catalog.categories.map((c) => c.slug), ZIPF_S, seed + 2);
    this.editRanks = new Zipf(Array.from({ length: Math.min(editableCount, catalog.threads.length) }, (_, i) => i), ZIPF_S, null);
  }

  /** The opening posts editPost may change: those of the most popular threads. */
  editablePostIds(): number[] {
    return Array.from({ length: this.editRanks.size }, (_, rank) => this.threads.at(rank).firstPostId);
  }

  /** The `count` most popular threads, most popular first, and the share of thread reads that draw one of them. */
  hottestThreads(count: number): { threads: ThreadInfo[]; share: number } {
    const n = Math.min(count, this.threads.size);
    return { threads: Array.from({ length: n }, (_, rank) => this.threads.at(rank)), share: this.threads.shareOfTop(n) };
  }

  /** Per-kind counts restart (after the warm-up). */
  resetStats(): void { this.stats = new Map(); }

  /** A recently completed write (the stale probe checks reads against it), or null before the first. */
  recentWrite(random: Random): CompletedWrite | null {
    return this.recent.length === 0 ? null : this.recent[below(random, this.recent.length)]!;
  }

  /** What a read of this thread must show now (a copy), or null when no write on it has returned yet. */
  expectationFor(slug: string): ThreadExpectation | null {
    const found = this.expected.get(slug);
    return found ? { ...found } : null;
  }

  /** The newest activity a read of this category's list must show now, among its pinned and its other threads. */
  categoryExpectation(slug: string): CategoryExpectation | null {
    const found = this.categoryNewest.get(slug);
    return found ? { ...found } : null;
  }

  /** One autocannon request entry that draws a new request each time. */
  request(): autocannon.Request {
    return {
      method: 'POST', path: '/graphql',
      setupRequest: (req, context) => {
        const { pending, requestBody, token } = this.next();
        (context as { pending?: Pending }).pending = pending;
        return { ...req, method: 'POST', path: '/graphql', body: requestBody,
          // Copies: autocannon writes content-length into the headers it is given, and JSON_HEADERS is shared.
          headers: token ? { ...JSON_HEADERS, authorization: `Bearer ${token}` } : { ...JSON_HEADERS } };
      },
      onResponse: (status, responseBody, context) => {
        const pending = (context as { pending?: Pending }).pending;
        if (pending) this.done(pending, status, responseBody);
      },
    };
  }

  private next(): { pending: Pending; requestBody: string; token?: string } {
    const started = performance.now();
    if (this.random() * (READS_PER_WRITE + 1) >= 1) {
      const r = this.random();
      if (r < READ_MIX.thread) {
        const thread = this.threads.sample(this.random);
        return { pending: { kind: 'thread', started, thread }, requestBody: threadPageBody(thread.slug) };
      }
      if (r < READ_MIX.thread + READ_MIX.list) {
        return { pending: { kind: 'list', started }, requestBody: threadListBody(this.categories.sample(this.random)) };
      }
      return { pending: { kind: 'categories', started }, requestBody: categoriesBody() };
    }
    const token = this.writers[below(this.random, this.writers.length)]!.token;
    const w = this.random();
    if (w >= WRITE_MIX.createPost && w < WRITE_MIX.createPost + WRITE_MIX.toggleReaction) {
      const thread = this.threads.sample(this.random);
      for (let attempt = 0; attempt < 8; attempt++) {
        const writer = below(this.random, this.writers.length);
        const type = REACTIONS[below(this.random, REACTIONS.length)]!;
        const key = `${writer}:${thread.firstPostId}:${type}`;
        if (this.reacted.has(key)) continue;
        this.reacted.add(key);
        return {
          pending: { kind: 'toggleReaction', started, thread }, token: this.writers[writer]!.token,
          requestBody: body(TOGGLE_REACTION, { postId: String(thread.firstPostId), type }),
        };
      }
    } else if (w >= WRITE_MIX.createPost + WRITE_MIX.toggleReaction) {
      const thread = this.threads.at(this.editRanks.sample(this.random));
      if (!this.editing.has(thread.firstPostId)) {
        this.editing.add(thread.firstPostId);
        return {
          pending: { kind: 'editPost', started, thread, postId: thread.firstPostId }, token,
          requestBody: body(EDIT_POST, { id: String(thread.firstPostId), body: `Edited by the benchmark (edit ${++this.edits}).` }),
        };
      }
    }
    const thread = this.threads.sample(this.random);
    return {
      pending: { kind: 'createPost', started, thread }, token,
      requestBody: body(CREATE_POST, { input: { threadSlug: thread.slug, body: `A reply from the benchmark (${started.toFixed(0)}).` } }),
    };
  }

  private done(pending: Pending, status: number, responseBody: string): void {
    const now = performance.now();
    let stats = this.stats.get(pending.kind);
    if (!stats) this.stats.set(pending.kind, stats = { requests: 0, errors: 0, latencies: [] });
    stats.requests++;
    stats.latencies.push(now - pending.started);
    const failed = status !== 200 || responseBody.includes('"errors"');
    if (failed) stats.errors++;
    if (pending.postId !== undefined) this.editing.delete(pending.postId);
    if (!failed && pending.thread && !READ_KINDS.includes(pending.kind)) {
      this.expect(pending, responseBody);
      this.recent.push({ kind: pending.kind, thread: pending.thread, at: now });
      if (this.recent.length > 64) this.recent.shift();
    }
  }

  private expect(pending: Pending, responseBody: string): void {
    const thread = pending.thread!;
    let e = this.expected.get(thread.slug);
    if (!e) this.expected.set(thread.slug, e = { postCount: 0, firstPostReactions: 0, firstPostEditedAt: -Infinity, lastActivityAt: -Infinity });
    const data = (JSON.parse(responseBody) as { data: Record<string, any> }).data;
    if (pending.kind === 'createPost') {
      const t = data.createPost.thread as { postCount: number; lastActivityAt: string };
      e.postCount = Math.max(e.postCount, t.postCount);
      e.lastActivityAt = Math.max(e.lastActivityAt, Date.parse(t.lastActivityAt));
      let newest = this.categoryNewest.get(thread.categorySlug);
      if (!newest) this.categoryNewest.set(thread.categorySlug, newest = { pinned: -Infinity, unpinned: -Infinity });
      const which = thread.isPinned ? 'pinned' : 'unpinned';
      newest[which] = Math.max(newest[which], e.lastActivityAt);
    } else if (pending.kind === 'toggleReaction') {
      const c = data.toggleReaction.reactionCounts as { like: number; helpful: number; love: number };
      e.firstPostReactions = Math.max(e.firstPostReactions, c.like + c.helpful + c.love);
    } else if (pending.kind === 'editPost') {
      e.firstPostEditedAt = Math.max(e.firstPostEditedAt, Date.parse(data.editPost.editedAt as string));
    }
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
