// The EXPLAIN guard: on a forum of 10^5 threads and 2·10^6 posts, no statement the server sends reads threads, posts
// or reactions with a sequential scan. The statements are not a hand-kept list: the server runs a tour of every read
// (each sort × filter, pages after a cursor, thread pages, counts, search, every loader) and every mutation, once
// with the cache off (every read reaches PostgreSQL) and once with it on (list index builds, outbox); the data layer
// reports each statement it sends with its parameters (src/db/client.ts, onQuery), and each distinct one is
// EXPLAINed with those parameters. A new statement is covered as soon as the tour reaches it. None is exempt: counts
// read the categories' counters, and a list index build reads its bucket by keyset.
//
// The data set is seeded once into a database of its own (about three minutes) and reused while its marker (generator
// version and seed options) matches, as the benchmark does (bench/lib/bench-db.ts); new migrations are applied to it
// by the server at start, as in production.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSeeded, rowsMarker } from '../../bench/lib/bench-db.js';
import { CATALOG_THREADS } from '../../bench/lib/catalog.js';
import { SIZES } from '../../bench/lib/options.js';
import { startForum, type TestForum } from '../support/forum.js';
import { POSTGRES_URL, postgresUp } from '../support/services.js';
import { explainStatement, type Statement } from './explain-plans.js';
import { tour } from './explain-tour.js';

const GUARD_DATABASE = 'forum_explain_guard';
const url = Object.assign(new URL(POSTGRES_URL), { pathname: `/${GUARD_DATABASE}` }).toString();

/** What EXPLAIN takes: queries and data changes. */
const EXPLAINABLE = /^\s*(select|insert|update|delete|with)\b/i;

describe.skipIf(!postgresUp)('EXPLAIN guard: no statement scans threads, posts or reactions (10^5 threads)', () => {
  const statements = new Map<string, Statement>();
  const observe = (sql: string, params: unknown[]) => {
    const seen = statements.get(sql) ?? { sql, params: [] };
    const key = JSON.stringify(params);
    if (seen.params.length < 8 && !seen.params.some((p) => JSON.stringify(p) === key)) seen.params.push(params);
    statements.set(sql, seen);
  };
  let client: postgres.Sql;

  beforeAll(async () => {
    console.log(`EXPLAIN guard: ${await ensureSeeded(url, SIZES.medium, rowsMarker(SIZES.medium))} ${GUARD_DATABASE}`);
    client = postgres(url, { max: 2, onnotice: () => {} });
    for (const cache of ['off', 'memory'] as const) {
      let forum: TestForum | undefined;
      try {
        forum = await startForum({ db: 'postgres', cache, databaseUrl: url, onQuery: observe });
        await tour(forum, client, cache === 'off' ? 'every-list' : 'writes');
      } finally {
        await forum?.close();
      }
    }
  }, 15 * 60_000);
  afterAll(() => client?.end());

  it('the tour reached the statements of every kind of read and write', () => {
    const texts = [...statements.keys()];
    const has = (pattern: RegExp) => texts.some((t) => pattern.test(t));
    expect(statements.size).toBeGreaterThan(40);
    expect(has(/title_tsv @@ to_tsquery/)).toBe(true); // search
    expect(has(/"m"\."score"/)).toBe(true); // RELEVANCE
    expect(has(/^select count\(\*\)::int from "threads"/)).toBe(true); // counts by index (a tag, a search)
    expect(has(/"thread_count"/)).toBe(true); // counts from the categories' counters
    expect(has(/^insert into "posts"/)).toBe(true);
    expect(has(/from "reactions"/)).toBe(true);
  });

  it('sees a sequential scan where there is one (the check itself can fail)', async () => {
    const scan = await explainStatement(client, 'select count(*) from "posts" where "posts"."body" like $1', ['%leaf%']);
    expect(scan.seqScans).toContain('posts');
    expect(scan.plan).toMatch(/Seq Scan on posts/);
    const probe = await explainStatement(client, 'select "id" from "threads" where "threads"."id" = $1', [1]);
    expect(probe.seqScans).toEqual([]);
  });

  it("the benchmark's catalog finds each thread's opening post by index, not by reading every post", async () => {
    const catalog = await explainStatement(client, CATALOG_THREADS, []);
    expect(catalog.seqScans, catalog.plan).not.toContain('posts');
  });

  it('no statement reads threads, posts or reactions with a sequential scan', async () => {
    const failures: string[] = [];
    let explained = 0;
    for (const statement of statements.values()) {
      if (!EXPLAINABLE.test(statement.sql)) continue; // session settings (`set local lock_timeout ...`)
      for (const params of statement.params) {
        const result = await explainStatement(client, statement.sql, params);
        explained++;
        if (result.seqScans.length > 0) {
          failures.push(`sequential scan of ${result.seqScans.join(', ')} in:\n  ${statement.sql}\n  params: `
            + `${JSON.stringify(params).slice(0, 300)}\n${result.plan.replace(/^/gm, '    ')}`);
        }
      }
    }
    console.log(`EXPLAIN guard: ${statements.size} statements, ${explained} plans`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 5 * 60_000);
});
