// WORKERS=N: several server processes on one port, sharing PostgreSQL and Redis. Every read after a mutation, on
// whichever worker, shows it; SIGTERM stops them all and writes every worker's buffered views.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnRedis } from '../support/own-redis.js';
import { runCommand, startServer, type ServerProcess } from '../support/server-process.js';
import { POSTGRES_URL, postgresUp } from '../support/services.js';

/** The PIDs of a process's children. */
const childrenOf = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((s) => s.trim()).filter(Boolean);

describe('WORKERS', () => {
  it('is refused on the embedded database, with a message that says why', () => {
    const { status, lines } = runCommand('src/main.ts', [], { WORKERS: '2', DATA_DIR: '/nonexistent/never-opened' });
    expect(status).toBe(1);
    expect(lines).toEqual(['forum-server: invalid configuration: WORKERS must be 1 with the embedded database '
      + '(PGlite serves one process), got 2: set DATABASE_URL to run several']);
  });
});

describe.skipIf(!postgresUp)('WORKERS=3 on PostgreSQL and Redis', () => {
  const name = `forum_t_${randomBytes(5).toString('hex')}`;
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  let redis: OwnRedis;
  let server: ServerProcess;
  beforeAll(async () => {
    const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    redis = await OwnRedis.start();
    server = await startServer({
      WORKERS: '3', DATABASE_URL: url.toString(), REDIS_URL: redis.url, SEED_DEMO: 'on', VIEW_FLUSH_MS: '9000', LOG_LEVEL: 'info',
      FORUM_ADMIN_USERNAME: 'root_admin', FORUM_ADMIN_PASSWORD: 'a-long-password',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await redis?.kill();
    const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('runs three server processes under one primary, on one port', async () => {
    // A worker that started later than /healthz first answered is listening by the time all three are forked.
    for (let i = 0; i < 100 && childrenOf(server.child.pid!).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect(childrenOf(server.child.pid!)).toHaveLength(3);
    // The first worker seeds the demo forum (rendering its posts) before it listens: that can take a while.
    for (let i = 0; i < 900 && !server.output().includes('(3 workers)'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain(`forum server ready at http://localhost:${server.port}/graphql (3 workers)`);
  }, 120_000);

  it('shows a mutation in every read that follows it, whichever worker answers', async () => {
    const login = await server.gql(`mutation { login(username: "root_admin", password: "a-long-password") { token } }`);
    const token = login.data.login.token as string;
    const { data } = await server.gql('{ threads(first: 1, sort: OLDEST) { nodes { slug } } }');
    const slug = data.threads.nodes[0].slug as string;
    for (let round = 0; round < 3; round++) {
      const title = `Renamed in round ${round}`;
      for (let i = 0; i < 6; i++) await server.gql(`{ thread(slug: "${slug}") { title } }`); // fill each worker's caches
      const updated = await server.gql(`mutation { updateThread(slug: "${slug}", input: { title: "${title}" }) { title } }`, {}, token);
      expect(updated.data.updateThread.title).toBe(title);
      const titles = await Promise.all(Array.from({ length: 12 }, () =>
        server.gql(`{ thread(slug: "${slug}") { title } }`).then((r) => r.data.thread.title)));
      expect(new Set(titles)).toEqual(new Set([title]));
    }
  });

  it('stops every worker on SIGTERM, after writing the views each of them buffered', async () => {
    const { data } = await server.gql('{ threads(first: 1, sort: NEWEST) { nodes { slug viewCount } } }');
    const { slug, viewCount } = data.threads.nodes[0];
    const views = 9;
    // Fresh connections (no keep-alive): the primary hands them round-robin to the workers.
    for (let i = 0; i < views; i++) {
      await fetch(`${server.origin}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ query: `{ thread(slug: "${slug}") { title } }` }),
      });
    }
    const workers = childrenOf(server.child.pid!);
    expect(await server.stop('SIGTERM'), server.output()).toBe(0);
    for (const pid of workers) expect(() => process.kill(Number(pid), 0)).toThrow();
    const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [row] = await db`select view_count from threads where slug = ${slug}`;
    await db.end();
    expect(row!.view_count, server.output()).toBe(viewCount + views);
  });
});
