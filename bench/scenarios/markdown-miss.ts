// What a thread page miss costs since posts carry renderings (issue 19), against before: the long thread's posts as
// stored (source, HTML, plain text) beside a copy of the same posts without renderings (numbers, replies and
// reactions kept: the rows of before), made for the measurement and removed after it. Two levels, each side by side
// in alternating order: (a) the reader's page statement (findPostPageEntries) for the texts a page selects, against
// the statement of before (the source only, on the copy) and against rendering on read; (b) the whole server with
// its cache off, where every request is a miss: the thread page as clients send it with `bodyHTML` (what a front end
// shows) and with all three texts, against the page of before (`body`, on the copy), one request at a time.
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { findPostPageEntries } from '../../src/data/post-entries.query.js';
import { Metrics } from '../../src/metrics.js';
import { ALL_BODY_FIELDS, type BodyFields } from '../../src/model/post-body-fields.js';
import { renderPost } from '../../src/render/render.js';
import { mulberry32, shuffled } from '../../src/seed/prng.js';
import { cpuUsPrecise } from '../lib/cpu.js';
import { JSON_HEADERS, THREAD_PAGE } from '../lib/queries.js';
import { startServer, TARGETS, type ServerSettings } from '../lib/servers.js';
import { percentile } from '../lib/workload.js';

/**
 * One side of a comparison: p50 and mean, ms; the median over repetitions of its time divided by the time of before
 * in the same repetition (what a drifting load cancels out of); for the whole server its own CPU per request.
 */
export interface MissSide { label: string; p50Ms: number; meanMs: number; ratio: number; bytes: number; cpuMs?: number }

export interface MissCost {
  posts: number;
  repeats: number;
  /** (a) The page statement, 101 rows: stored renderings read as a page selects them, the statement of before, rendering on read. */
  statement: MissSide[];
  /** (b) The whole server, CACHE=off, per page size: the page with bodyHTML, with all three texts, the page of before. */
  server: { first: number; sides: MissSide[] }[];
  loadAverage: { start: number; end: number };
}

/** What a front end's thread page selects: the HTML (its mention links are in it). */
const HTML_ONLY: BodyFields = { body: false, html: true, text: false, mentions: false };
/** What a page selected before posts were rendered: the source; read alone, it is the statement of before. */
const SOURCE_ONLY: BodyFields = { body: true, html: false, text: false, mentions: false };

/** The benchmark's thread page (bench/lib/queries.ts) with these texts in place of `body`. */
const pageWith = (texts: string) => {
  const page = THREAD_PAGE.replace('nodes { id body createdAt', `nodes { id ${texts} createdAt`);
  if (page === THREAD_PAGE && texts !== 'body') throw new Error('bench/lib/queries.ts THREAD_PAGE changed: update markdown-miss.ts');
  return page;
};

/**
 * Runs every side once per repetition, in an order shuffled anew each time (seeded: the same orders every run), after
 * `warmup` unmeasured repetitions: no side always follows another (whose garbage it would collect).
 */
async function alternate<T>(sides: readonly T[], repeats: number, warmup: number, run: (side: T, measured: boolean) => Promise<void>) {
  const random = mulberry32(19);
  for (let i = 0; i < repeats + warmup; i++) {
    for (const side of shuffled(random, sides)) await run(side, i >= warmup);
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** The median over repetitions of times[i] / before[i] (both sides ran once in each repetition). */
const ratioToBefore = (times: number[], before: number[]) => percentile(times.map((t, i) => t / before[i]!), 50);

/** Copies the thread's live posts (numbers, replies, reactions) into a new thread, without their renderings. */
async function copyWithoutRenderings(sql: postgres.Sql, threadId: number, slug: string): Promise<number> {
  const [copy] = await sql<{ id: number }[]>`insert into threads (slug, category_id, author_id, title, post_count, last_activity_at, created_at)
    select ${slug}, category_id, author_id, title, post_count, last_activity_at, created_at from threads
    where id = ${threadId} returning id`;
  const copyId = copy!.id;
  await sql`insert into posts (thread_id, number, author_id, body, created_at)
    select ${copyId}, number, author_id, body, created_at from posts where thread_id = ${threadId} and deleted_at is null`;
  await sql`update posts c set reply_to_id = cp.id
    from posts o join posts parent on parent.id = o.reply_to_id
    join posts cp on cp.thread_id = ${copyId} and cp.number = parent.number
    where o.thread_id = ${threadId} and o.deleted_at is null and c.thread_id = ${copyId} and c.number = o.number`;
  await sql`insert into reactions (post_id, user_id, type, created_at)
    select c.id, r.user_id, r.type, r.created_at from reactions r
    join posts o on o.id = r.post_id and o.thread_id = ${threadId} and o.deleted_at is null
    join posts c on c.thread_id = ${copyId} and c.number = o.number`;
  return copyId;
}

async function removeCopy(sql: postgres.Sql, copyId: number): Promise<void> {
  await sql`delete from reactions where post_id in (select id from posts where thread_id = ${copyId})`;
  await sql`update posts set reply_to_id = null where thread_id = ${copyId}`;
  await sql`delete from posts where thread_id = ${copyId}`;
  await sql`delete from threads where id = ${copyId}`;
}

/** (a) The reader's page statement, 100 posts (101 rows), each side `repeats` times, alternating. */
async function measureStatement(databaseUrl: string, threadId: number, copyId: number, repeats: number): Promise<{ posts: number; sides: MissSide[] }> {
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 1 }, new Metrics());
  try {
    const page = async (id: number, texts: BodyFields) => (await findPostPageEntries(database.db, [id], 100, 'forward', null, texts)).get(id)!.rows;
    const before = { label: 'before: the rows without renderings, body read (the statement of before Markdown)', read: () => page(copyId, SOURCE_ONLY) };
    const stored = [
      { label: 'stored, the page selects bodyHTML (read: body_html)', read: () => page(threadId, HTML_ONLY) },
      { label: 'stored, every body field (read: body, body_html, body_text, mention_ids: every page until now)', read: () => page(threadId, ALL_BODY_FIELDS) },
      { label: 'stored, the page selects body (read: body)', read: () => page(threadId, SOURCE_ONLY) },
    ];
    const onRead = {
      label: 'rendering on read (not done): the rows of before, each body rendered',
      read: async () => { const rows = await page(copyId, SOURCE_ONLY); for (const row of rows) renderPost(row.post.body!); return rows; },
    };
    // Rendering on read makes garbage the next read would collect: it is compared with before in a run of its own.
    const out: MissSide[] = [];
    for (const sides of [[...stored, before], [onRead, before]]) {
      const times = new Map(sides.map((s) => [s, [] as number[]]));
      await alternate(sides, repeats, 10, async (side, measured) => {
        const t0 = performance.now();
        await side.read();
        if (measured) times.get(side)!.push(performance.now() - t0);
      });
      for (const side of sides) {
        if (side === before && out.some((o) => o.label === before.label)) continue;
        const rows = await side.read();
        const t = times.get(side)!;
        out.push({ label: side.label, p50Ms: percentile(t, 50), meanMs: mean(t), ratio: ratioToBefore(t, times.get(before)!), bytes: Buffer.byteLength(JSON.stringify(rows)) });
      }
    }
    return { posts: (await page(threadId, HTML_ONLY)).length, sides: out };
  } finally {
    await database.close();
  }
}

/** (b) The whole server with its cache off: each page `repeats` times per size, one request at a time, alternating. */
async function measureServer(settings: ServerSettings, slug: string, copySlug: string, repeats: number): Promise<MissCost['server']> {
  const server = await startServer(TARGETS.find((t) => t.name === 'cache-off')!, { ...settings, logName: 'markdown-cache-off' });
  try {
    const out: MissCost['server'] = [];
    for (const first of [20, 100]) {
      const sides = [
        { label: 'stored renderings, the page selects bodyHTML', query: pageWith('bodyHTML'), slug },
        { label: 'stored renderings, the page selects body, bodyHTML and bodyText', query: pageWith('body bodyHTML bodyText'), slug },
        { label: 'before: the rows without renderings, the page selects body', query: pageWith('body'), slug: copySlug },
      ].map((s) => ({ ...s, request: JSON.stringify({ query: s.query, variables: { slug: s.slug, first } }), times: [] as number[], cpu: [] as number[], bytes: 0 }));
      await alternate(sides, repeats, 10, async (side, measured) => {
        const cpu0 = cpuUsPrecise(server.pid);
        const t0 = performance.now();
        const response = await fetch(server.graphql, { method: 'POST', headers: JSON_HEADERS, body: side.request });
        const text = await response.text();
        const ms = performance.now() - t0;
        const cpu = cpuUsPrecise(server.pid) - cpu0;
        const json = JSON.parse(text) as { data?: { thread?: { posts: { nodes: unknown[] } } }; errors?: unknown[] };
        if (json.errors || json.data?.thread?.posts.nodes.length !== first) throw new Error(`markdown miss: unexpected answer ${text.slice(0, 300)}`);
        side.bytes = Buffer.byteLength(text);
        if (measured) { side.times.push(ms); side.cpu.push(cpu / 1000); }
      });
      const before = sides[2]!.times;
      out.push({
        first,
        sides: sides.map((s) => ({
          label: s.label, p50Ms: percentile(s.times, 50), meanMs: mean(s.times), ratio: ratioToBefore(s.times, before), cpuMs: mean(s.cpu), bytes: s.bytes,
        })),
      });
    }
    return out;
  } finally {
    await server.stop();
  }
}

export async function measureMiss(
  settings: ServerSettings, longThreadSlug: string, repeats: number, loadAverage: () => number,
): Promise<MissCost | null> {
  const sql = postgres(settings.databaseUrl, { max: 1, onnotice: () => {} });
  let copyId: number | null = null;
  try {
    const [thread] = await sql<{ id: number }[]>`select id from threads where slug = ${longThreadSlug}`;
    if (!thread) return null;
    const copySlug = `${longThreadSlug}-md-bench`;
    const start = loadAverage();
    copyId = await copyWithoutRenderings(sql, thread.id, copySlug);
    const statement = await measureStatement(settings.databaseUrl, thread.id, copyId, repeats);
    const server = await measureServer(settings, longThreadSlug, copySlug, repeats);
    return { posts: statement.posts, repeats, statement: statement.sides, server, loadAverage: { start, end: loadAverage() } };
  } finally {
    if (copyId !== null) await removeCopy(sql, copyId);
    await sql.end();
  }
}
