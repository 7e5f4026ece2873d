// npm run memory: resident memory of the embedded (PGlite) server, idle and under load, and the load's throughput.
// Starts the built server (dist/main.js) on a data folder of its own: first start (initdb, migrations, demo forum),
// then a restart on that folder (the usual case), idle; then a read load with CACHE=off (every request reaches
// PGlite), and a mixed load (30 reads : 1 reply) with the cache on. RSS is the kernel's (VmRSS; VmHWM the peak).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../test/support/free-port.js';

const SECONDS = Number(process.argv[2] ?? 15);
const dataDir = mkdtempSync(join(tmpdir(), 'forum-memory-'));
const MB = (kb: number) => Math.round(kb / 1024);

function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: MB(field('VmRSS')), peakMb: MB(field('VmHWM')) };
}

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { child, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
const idle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function gql(base: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json() as { data: any }).data;
}

const HOME = `{ categories { slug name threadCount postCount children { slug name threadCount } }
  threads(first: 5, sort: LAST_ACTIVITY) { totalCount edges { cursor node { slug title excerpt postCount viewCount tags author { displayName } category { name } } } } }`;
const THREAD = `query($slug: String!) { thread(slug: $slug) { title reactionCounts { like } posts(first: 20) { totalCount nodes { body author { username } } } } }`;

async function load(base: string, withWrites: boolean, seconds = SECONDS) {
  const slugs: string[] = (await gql(base, '{ threads(first: 100) { nodes { slug } } }')).threads.nodes.map((n: any) => n.slug);
  const token = withWrites ? (await gql(base, 'mutation { login(username: "greenthumb_admin", password: "plants-are-friends") { token } }')).login.token : '';
  const body = (query: string, variables = {}) => JSON.stringify({ query, variables });
  let n = 0;
  const result = await autocannon({
    url: `${base}/graphql`, connections: 8, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' },
    requests: [{
      setupRequest: (request) => {
        n++;
        const slug = slugs[n % slugs.length];
        if (withWrites && n % 31 === 0) {
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` },
            body: body('mutation($s: String!) { createPost(input: { threadSlug: $s, body: "Measured." }) { id } }', { s: slug }) };
        }
        return { ...request, body: n % 4 === 0 ? body(HOME) : body(THREAD, { slug }) };
      },
    }],
  });
  return { reqPerS: Math.round(result.requests.average), p99Ms: result.latency.p99, errors: result.errors + result.non2xx };
}

try {
  const first = await start({});
  await idle(3000);
  const created = memory(first.child.pid!);
  // The instance that ran initdb was closed; its heap returns once V8 collects it, which some activity brings about.
  await load(first.base, false, 5);
  const createdAfterReads = memory(first.child.pid!);
  await stop(first.child);

  const read = await start({ CACHE: 'off' });
  await idle(3000);
  const idleRestart = memory(read.child.pid!);
  const readLoad = await load(read.base, false);
  const afterRead = memory(read.child.pid!);
  await stop(read.child);

  const mixed = await start({});
  const mixedLoad = await load(mixed.base, true);
  const afterMixed = memory(mixed.child.pid!);
  await stop(mixed.child);

  console.log(JSON.stringify({
    firstStartIdle: created, firstStartAfter5sOfReads: createdAfterReads, restartIdle: idleRestart,
    readCacheOff: { ...readLoad, ...afterRead }, mixedCacheOn: { ...mixedLoad, ...afterMixed }, seconds: SECONDS,
  }, null, 2));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
