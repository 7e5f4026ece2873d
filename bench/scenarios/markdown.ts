// What Markdown costs (issue 19): rendering on write, for a 2 KB and a 20 KB body, as a mutation pays it (a round
// trip to a render worker) and as CPU (the render itself, in this thread); and a thread page miss on the benchmark's
// PostgreSQL with stored renderings against the same page without them (the statement of before: body only) and
// against rendering on read (the design not taken), side by side in alternating repetitions.
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { findPostPageEntries } from '../../src/data/post-entries.query.js';
import { Metrics } from '../../src/metrics.js';
import { RenderPool } from '../../src/render/render-pool.js';
import { renderPost } from '../../src/render/render.js';
import { percentile } from '../lib/workload.js';

export interface Percentiles { p50: number; p99: number }

export interface MarkdownCost {
  renders: number;
  /** Per body size: a render through the worker pool (what a mutation waits for) and in this thread (its CPU), ms. */
  write: { size: string; chars: number; htmlBytes: number; pool: Percentiles; inThread: Percentiles }[];
  miss: {
    posts: number;
    repeats: number;
    /** p50, ms: the page statement with stored renderings, the same rows without them, and rendering on read. */
    storedMs: number;
    withoutMs: number;
    renderOnReadMs: number;
    /** Bytes of the page's rows as the cache would hold them, with and without renderings. */
    storedBytes: number;
    withoutBytes: number;
  } | null;
}

/** A realistic forum post of about `chars` characters: paragraphs, emphasis, links, a list, code and a table. */
export function sampleBody(chars: number): string {
  const blocks = [
    'Repot in **spring**, water when the top [inch of soil](https://example.com/soil) is dry, and keep it out of _direct_ sun.',
    '- check the roots for rot\n- use a gritty mix\n- pick a pot one size up',
    'I mist mine `daily` in winter. See www.example.org/humidity for a good write-up, or ask @someone.',
    '| plant | light | water |\n|:--|:-:|--:|\n| fern | low | weekly |\n| cactus | full | monthly |',
    '```\nwater = dry_weight * 1.1\n```',
    '> My pothos loved this ~~bright~~ medium spot.',
  ];
  let out = '';
  for (let i = 0; out.length < chars; i++) out += `${blocks[i % blocks.length]}\n\n`;
  return out.slice(0, chars);
}

const stats = (values: number[]): Percentiles => ({ p50: percentile(values, 50), p99: percentile(values, 99) });

async function measureWrite(renders: number): Promise<MarkdownCost['write']> {
  const pool = new RenderPool();
  pool.start();
  try {
    const sizes = [['2 KB', 2_000], ['20 KB', 20_000]] as const;
    const bodies = sizes.map(([, n]) => sampleBody(n));
    for (const body of bodies) for (let i = 0; i < 20; i++) await pool.render(body, new Map()); // warm-up
    const pooled: number[][] = bodies.map(() => []);
    const local: number[][] = bodies.map(() => []);
    for (let i = 0; i < renders; i++) {
      for (const [k, body] of bodies.entries()) {
        const t0 = performance.now();
        await pool.render(body, new Map());
        pooled[k]!.push(performance.now() - t0);
        const t1 = performance.now();
        renderPost(body);
        local[k]!.push(performance.now() - t1);
      }
    }
    return sizes.map(([size, chars], k) => ({
      size, chars, htmlBytes: Buffer.byteLength(renderPost(bodies[k]!).html), pool: stats(pooled[k]!), inThread: stats(local[k]!),
    }));
  } finally {
    await pool.close();
  }
}

/**
 * The long thread's page of 100 posts, as stored (rendered), against a copy of the same posts (numbers, replies and
 * reactions too) without renderings (what the page statement read before), made for the measurement and removed
 * after it.
 */
async function measureMiss(databaseUrl: string, longThreadSlug: string, repeats: number): Promise<MarkdownCost['miss']> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 1 }, new Metrics());
  let copyId: number | null = null;
  try {
    const [thread] = await sql<{ id: number }[]>`select id from threads where slug = ${longThreadSlug}`;
    if (!thread) return null;
    const [copy] = await sql<{ id: number }[]>`insert into threads (slug, category_id, author_id, title, post_count, last_activity_at, created_at)
      select ${`${longThreadSlug}-md-bench`}, category_id, author_id, title, post_count, last_activity_at, created_at from threads
      where id = ${thread.id} returning id`;
    copyId = copy!.id;
    // The copy differs from the thread in its renderings only: its posts keep their numbers, replies and reactions,
    // so the statement counts the same reactions and replies on both sides.
    await sql`insert into posts (thread_id, number, author_id, body, created_at)
      select ${copyId}, number, author_id, body, created_at from posts where thread_id = ${thread.id} and deleted_at is null`;
    await sql`update posts c set reply_to_id = cp.id
      from posts o join posts parent on parent.id = o.reply_to_id
      join posts cp on cp.thread_id = ${copyId} and cp.number = parent.number
      where o.thread_id = ${thread.id} and o.deleted_at is null and c.thread_id = ${copyId} and c.number = o.number`;
    await sql`insert into reactions (post_id, user_id, type, created_at)
      select c.id, r.user_id, r.type, r.created_at from reactions r
      join posts o on o.id = r.post_id and o.thread_id = ${thread.id} and o.deleted_at is null
      join posts c on c.thread_id = ${copyId} and c.number = o.number`;
    const page = (id: number) => findPostPageEntries(database.db, [id], 100, 'forward', null);
    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    const stored: number[] = [];
    const without: number[] = [];
    const onRead: number[] = [];
    for (let i = 0; i < repeats + 10; i++) {
      const a = await time(() => page(thread.id));
      const b = await time(() => page(copyId!));
      const c = await time(async () => {
        for (const row of (await page(copyId!)).get(copyId!)!.rows) renderPost(row.post.body);
      });
      if (i < 10) continue;
      stored.push(a);
      without.push(b);
      onRead.push(c);
    }
    const bytes = async (id: number) => Buffer.byteLength(JSON.stringify((await page(id)).get(id)!.rows));
    return {
      posts: (await page(thread.id)).get(thread.id)!.rows.length, repeats,
      storedMs: percentile(stored, 50), withoutMs: percentile(without, 50), renderOnReadMs: percentile(onRead, 50),
      storedBytes: await bytes(thread.id), withoutBytes: await bytes(copyId),
    };
  } finally {
    if (copyId !== null) {
      await sql`delete from reactions where post_id in (select id from posts where thread_id = ${copyId})`;
      await sql`update posts set reply_to_id = null where thread_id = ${copyId}`;
      await sql`delete from posts where thread_id = ${copyId}`;
      await sql`delete from threads where id = ${copyId}`;
    }
    await database.close();
    await sql.end();
  }
}

export async function measureMarkdown(
  databaseUrl: string, longThreadSlug: string | null, options: { renders: number; repeats: number },
): Promise<MarkdownCost> {
  const write = await measureWrite(options.renders);
  const miss = longThreadSlug === null ? null : await measureMiss(databaseUrl, longThreadSlug, options.repeats);
  return { renders: options.renders, write, miss };
}
