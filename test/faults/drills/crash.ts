// Drill: a server dies between a commit and its cache update. A third server process runs with
// FORUM_FAULT_CRASH_AFTER_COMMIT=1, so each mutation sent to it commits, then the process kills itself (SIGKILL)
// before it applies the change, as a deploy's SIGKILL or an OOM would. Meanwhile server-a serves cached reads of
// what the mutation changed. The change waits in the outbox; another process must apply it within its poll interval
// (1 s), after which no read may show the old value. Each round restarts the crashing process.
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Environment } from '../support/environment.js';
import { freePort } from '../../support/free-port.js';
import { HttpClient, TransportError } from '../support/http.js';
import { ServerProcess } from '../support/processes.js';
import type { DrillReport } from './report.js';

/** The servers' outbox poll interval (the default), plus a margin for the request that reads after it. */
const POLL_MS = 1000;
const FRESH_BY_MS = POLL_MS + 300;

const READ = `query($slug: String!, $cat: String!) {
  thread(slug: $slug) { title isPinned postCount reactionCounts { like } posts(first: 50) { nodes { id body reactionCounts { like } } } }
  threads(filter: { categorySlug: $cat }, first: 20) { totalCount nodes { slug title } }
  category(slug: $cat) { threadCount postCount }
}`;

interface Round {
  name: string;
  mutate(c: HttpClient, token: string, slug: string, firstPostId: string): Promise<unknown>;
  /** Whether a read shows the mutation (the fresh value). */
  shows(data: any, slug: string): boolean;
}

const ROUNDS: Round[] = [
  {
    name: 'reply',
    mutate: (c, token, slug) => c.gql(`mutation($s: String!) { createPost(input: { threadSlug: $s, body: "crash reply" }) { id } }`, { s: slug }, token),
    shows: (d) => d.thread.posts.nodes.some((p: any) => p.body === 'crash reply'),
  },
  {
    // Reaction counts are entries of their own: the thread's entry and page stay cached, its counts must not.
    name: 'reaction',
    mutate: (c, token, _slug, firstPostId) =>
      c.gql(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: firstPostId }, token),
    shows: (d) => d.thread.reactionCounts.like === 1 && d.thread.posts.nodes[0]?.reactionCounts.like === 1,
  },
  {
    name: 'rename',
    mutate: (c, token, slug) => c.gql(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Renamed in a crash" }) { id } }`, { s: slug }, token),
    shows: (d) => d.thread.title === 'Renamed in a crash' && d.threads.nodes.some((n: any) => n.title === 'Renamed in a crash'),
  },
  {
    name: 'pin',
    mutate: (c, token, slug) => c.gql(`mutation($s: String!) { updateThread(slug: $s, input: { isPinned: true }) { id } }`, { s: slug }, token),
    shows: (d, slug) => d.thread.isPinned === true && d.threads.nodes[0]?.slug === slug,
  },
  {
    name: 'new thread',
    mutate: (c, token) => c.gql(`mutation { createThread(input: { categorySlug: "crash-drill", title: "Born in a crash", body: "b" }) { id } }`, {}, token),
    shows: (d) => d.threads.nodes.some((n: any) => n.title === 'Born in a crash'),
  },
  {
    name: 'delete thread',
    mutate: (c, token, slug) => c.gql(`mutation($s: String!) { deleteThread(slug: $s) }`, { s: slug }, token),
    shows: (d, slug) => d.thread === null && !d.threads.nodes.some((n: any) => n.slug === slug),
  },
];

export async function crashDrill(env: Environment): Promise<{ report: DrillReport; staleReads: number; reads: number }> {
  const problems: string[] = [];
  const lines: string[] = [];
  const reader = new HttpClient(env.servers[0]!.baseUrl);
  const crasher = new ServerProcess({
    name: 'server-crash',
    env: {
      PORT: String(await freePort()), DATABASE_URL: env.databaseUrl, REDIS_URL: env.proxy.url, LOG_LEVEL: 'info',
      SEED_DEMO: 'off', FORUM_FAULT_CRASH_AFTER_COMMIT: '1', POST_RATE_MAX: '0', REPORT_RATE_MAX: '0',
    },
    logFile: join(env.dir, 'server-crash.log'),
    script: process.env.FAULT_SERVER_SCRIPT,
    onCrash: () => {}, // expected: it kills itself after every commit
  });
  env.servers.push(crasher);
  const sql = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  let staleReads = 0;
  let reads = 0;
  const freshAfter: number[] = [];
  try {
    const { login } = await reader.ok(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: env.admin.username, p: env.admin.password });
    const token = login.token as string;
    await reader.gql(`mutation { createCategory(input: { slug: "crash-drill", name: "Crash drill" }) { slug } }`, {}, token);
    for (const round of ROUNDS) {
      const { createThread } = await reader.ok(`mutation($t: String!) { createThread(input: { categorySlug: "crash-drill", title: $t, body: "first" }) { slug posts(first: 1) { nodes { id } } } }`,
        { t: `Crash drill ${round.name}` }, token);
      const slug = createThread.slug as string;
      const vars = { slug, cat: 'crash-drill' };
      for (let i = 0; i < 2; i++) await reader.ok(READ, vars); // cached now, on Redis and as a stored response
      if (!crasher.alive) await crasher.start();
      const outboxBefore = Number((await sql`select count(*)::int as n from cache_outbox`)[0]!.n);
      let died = false;
      try {
        await round.mutate(new HttpClient(crasher.baseUrl), token, slug, createThread.posts.nodes[0].id as string);
      } catch (error) {
        died = error instanceof TransportError;
      }
      const crashedAt = Date.now();
      if (!died) problems.push(`${round.name}: the crashing server answered instead of dying after its commit`);
      const outboxAfter = Number((await sql`select count(*)::int as n from cache_outbox`)[0]!.n);
      // Until the poll the old value may show; after it, never.
      let freshAt = -1;
      while (Date.now() - crashedAt < FRESH_BY_MS + 2000) {
        const data = await reader.ok(READ, vars);
        const age = Date.now() - crashedAt;
        const fresh = round.shows(data, slug);
        if (age > FRESH_BY_MS) {
          reads++;
          if (!fresh) {
            staleReads++;
            problems.push(`${round.name}: read ${age} ms after the crash still shows the old value`);
            break;
          }
        }
        if (fresh && freshAt < 0) freshAt = age;
        await sleep(50);
      }
      freshAfter.push(freshAt);
      lines.push(`${round.name}: outbox rows left by the crash ${outboxAfter - outboxBefore}; fresh on server-a ${freshAt} ms after the crash`);
    }
    const worst = Math.max(...freshAfter);
    lines.unshift(`${ROUNDS.length} mutations killed between commit and cache update; ${reads} reads after the poll interval, ${staleReads} stale; slowest to fresh ${worst} ms`);
  } catch (error) {
    problems.push(`the drill failed: ${(error as Error).message}`);
  } finally {
    await sql.end();
    await crasher.stop();
    // Listed only while the drill runs (so a stopped suite tears it down): the drills after this one use every
    // listed server, and this one dies on its first mutation.
    env.servers.splice(env.servers.indexOf(crasher), 1);
    reader.close();
  }
  return { report: { name: 'crash between commit and cache update', ok: problems.length === 0, lines, problems }, staleReads, reads };
}
