// Writes a generated data set (generate.ts) in batches of a few thousand rows, a few batches in flight at once.
import { eq, sql } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { hashPassword } from '../auth/password.js';
import type { Db } from '../db/client.js';
import { threads, users } from '../db/schema.js';
import { renderPost } from '../render/render.js';
import {
  generateCategories, generateThreads, generateUsers, seedThreadSlug, seedUsername, SEED_PASSWORD,
  type IdBase, type SeedOptions, type ThreadBundle,
} from './generate.js';
import {
  currentIdBase, insertCategories, insertPosts, insertReactions, insertThreads, insertUsers, syncSequences, truncateForum,
} from './bulk-insert.js';
import { copyPosts, copyReactions, copyThreads } from './copy-rows.js';
import { recountCategories } from '../data/category-counts.js';
import { buildIndexes, buildLeftoverIndexes, dropIndexes } from './deferred-indexes.js';

export interface SeedRunOptions {
  /** Truncate every forum table first (ids then start at 1, so a re-seed gives identical rows). */
  reset?: boolean;
  /** Batches in flight at once. Defaults to 1; PostgreSQL gains from 2-3, PGlite runs one statement at a time. */
  concurrency?: number;
  /** Posts per statement. Defaults to 4000. */
  batchRows?: number;
  /** Called after each batch is written. */
  onProgress?: (threadsDone: number, threadsTotal: number) => void;
  /**
   * PostgreSQL only: a postgres.js client on the same database. Threads, posts and reactions then go in with COPY,
   * and with `reset` the secondary indexes of those tables are built after the load (deferred-indexes.ts).
   */
  copy?: Sql;
  /** Lines about the phases after the load (index builds), for the command line. */
  log?: (line: string) => void;
}

export interface SeedSummary {
  users: number;
  categories: number;
  threads: number;
  posts: number;
  reactions: number;
  /** The ids before this run: generated ids are these plus 1, 2, ... */
  base: IdBase;
  ms: number;
}

export class SeedError extends Error {}

async function alreadySeeded(db: Db): Promise<boolean> {
  const [u, t] = await Promise.all([
    db.select({ id: users.id }).from(users).where(eq(users.username, seedUsername(1))).limit(1),
    db.select({ id: threads.id }).from(threads).where(eq(threads.slug, seedThreadSlug(1))).limit(1),
  ]);
  return u.length > 0 || t.length > 0;
}

async function writeBatch(db: Db, bundles: ThreadBundle[], batchRows: number, copy?: Sql): Promise<void> {
  // Rendered here, in this process, as a mutation would (generated text: no worker, no budget needed), so a seeded
  // database holds what a live one holds and servers started on it have nothing to backfill.
  const posts = bundles.flatMap((b) => b.posts).map((p) => {
    const rendered = renderPost(p.body);
    return { ...p, body_html: rendered.html, body_text: rendered.text, render_version: rendered.version };
  });
  if (copy) {
    await copyThreads(copy, bundles.map((b) => b.thread));
    await copyPosts(copy, posts);
    await copyReactions(copy, bundles.flatMap((b) => b.reactions));
    return;
  }
  await insertThreads(db, bundles.map((b) => b.thread));
  for (let i = 0; i < posts.length; i += batchRows) await insertPosts(db, posts.slice(i, i + batchRows));
  const reactions = bundles.flatMap((b) => b.reactions);
  for (let i = 0; i < reactions.length; i += batchRows * 2) await insertReactions(db, reactions.slice(i, i + batchRows * 2));
}

export async function seedForum(db: Db, options: SeedOptions, run: SeedRunOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const batchRows = run.batchRows ?? 4000;
  const concurrency = Math.max(1, run.concurrency ?? 1);
  const log = run.log ?? (() => {});
  if (run.copy) await buildLeftoverIndexes(run.copy, log);
  if (run.reset) await truncateForum(db);
  else if (await alreadySeeded(db)) {
    throw new SeedError('this database already holds a generated data set: pass --reset to replace it');
  }
  // Into empty tables: build the indexes once after the load rather than row by row during it.
  const deferred = run.copy && run.reset ? await dropIndexes(run.copy) : [];
  const base = await currentIdBase(db);

  const passwordHash = await hashPassword(SEED_PASSWORD);
  const userRows = generateUsers(options, base, passwordHash);
  for (let i = 0; i < userRows.length; i += batchRows) await insertUsers(db, userRows.slice(i, i + batchRows));
  const categoryRows = generateCategories(options, base);
  await insertCategories(db, categoryRows);

  const summary: SeedSummary = {
    users: userRows.length, categories: categoryRows.length, threads: 0, posts: 0, reactions: 0, base, ms: 0,
  };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let done = 0;
  const launch = (bundles: ThreadBundle[]) => {
    const write: Promise<void> = writeBatch(db, bundles, batchRows, run.copy).then(
      () => { done += bundles.length; run.onProgress?.(done, options.threads); },
      (error: unknown) => { failure ??= error; },
    ).finally(() => inFlight.delete(write));
    inFlight.add(write);
  };

  let batch: ThreadBundle[] = [];
  let batchPosts = 0;
  for (const bundle of generateThreads(options, base, categoryRows)) {
    batch.push(bundle);
    batchPosts += bundle.posts.length;
    summary.threads++;
    summary.posts += bundle.posts.length;
    summary.reactions += bundle.reactions.length;
    if (batchPosts < batchRows) continue;
    launch(batch);
    batch = [];
    batchPosts = 0;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) break;
  }
  if (batch.length > 0 && !failure) launch(batch);
  await Promise.all(inFlight);
  if (failure) throw failure;

  if (deferred.length > 0) {
    const started = performance.now();
    log(`seed: building ${deferred.length} indexes after the load`);
    await buildIndexes(run.copy!, deferred, (name, ms) => log(`seed: index ${name} built in ${(ms / 1000).toFixed(1)} s`));
    log(`seed: indexes built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await syncSequences(db);
  // The categories' counts kept in their rows (src/data/category-counts.ts), from the threads just loaded.
  await recountCategories(db);
  // Fresh planner statistics: the server's first queries should plan as they will on a long-lived database.
  await db.execute(sql.raw('analyze users, categories, threads, posts, reactions'));
  summary.ms = performance.now() - started;
  return summary;
}
