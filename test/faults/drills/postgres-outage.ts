// Drill 3: PostgreSQL goes away. A cluster of our own (initdb as the postgres user into the run's folder, its own
// port, stopped and started by its own PID) serves one forum server with Redis. During the outage: /healthz says
// 503, every GraphQL answer is data (from the cache) or coded errors, never a stack or SQL, and the server stays
// up. After it: the server recovers by itself, every thread reads as the database has it (nothing wrong was
// cached meanwhile), no refused mutation changed anything, and views counted before and during the outage show.
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import type { Environment } from '../support/environment.js';
import { fingerprint } from '../support/fingerprint.js';
import { HttpClient, type GqlResponse } from '../support/http.js';
import { freePort } from '../../support/own-redis.js';
import { PostgresCluster, waitFor } from '../support/processes.js';
import type { DrillReport } from './report.js';

const THREAD = `query($s: String!) { thread(slug: $s) { slug title postCount category { slug name } posts { totalCount nodes { body } } } }`;
const VIEWS = `query($c: String!) { threads(filter: { categorySlug: $c }, first: 50) { nodes { slug viewCount } } }`;

function badAnswer(what: string, res: GqlResponse | Error): string | null {
  if (res instanceof Error) return `${what}: no answer (${res.message})`;
  if (res.status !== 200 && res.status !== 503) return `${what}: HTTP ${res.status}`;
  if (!res.json || typeof res.json !== 'object') return `${what}: not JSON (${res.text.slice(0, 100)})`;
  if (res.errors?.some((e) => typeof e.extensions?.code !== 'string')) return `${what}: an error without a code`;
  if (!res.errors && res.data === undefined) return `${what}: neither data nor errors`;
  return null;
}

export async function postgresOutageDrill(env: Environment): Promise<{ report: DrillReport; failedRequests: number }> {
  const cluster = new PostgresCluster(await freePort());
  await cluster.init();
  await cluster.start();
  const problems: string[] = [];
  const lines: string[] = [];
  const badAnswers: string[] = [];
  const server = await env.startServer('server-pg', {
    DATABASE_URL: cluster.url, REDIS_URL: `${env.redis.url}/1`, VIEW_FLUSH_MS: '3000',
  });
  const api = new HttpClient(server.baseUrl);
  const sql = postgres(cluster.url, { max: 1, onnotice: () => {}, connect_timeout: 2 });
  try {
    // A forum to lose: threads whose entries are not cached (a reply bumped them), one cached, one to count views on.
    const { login } = await api.ok(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: env.admin.username, p: env.admin.password });
    const token: string = login.token;
    await api.ok(`mutation { createCategory(input: { slug: "outage", name: "Outage" }) { slug } }`, {}, token);
    const create = async (title: string) => (await api.ok(`mutation($t: String!) { createThread(input: { categorySlug: "outage", title: $t, body: "first post" }) { slug } }`,
      { t: title }, token)).createThread.slug as string;
    const uncached: string[] = [];
    for (let i = 0; i < 5; i++) {
      const slug = await create(`Uncached thread ${i}`);
      await api.ok(`mutation($s: String!) { createPost(input: { threadSlug: $s, body: "a reply" }) { id } }`, { s: slug }, token);
      uncached.push(slug);
    }
    const cached = await create('Cached thread');
    const viewed = await create('Viewed thread');
    let views = 0;
    const view = async () => {
      const res = await api.gql(THREAD, { s: viewed }).catch((e: Error) => e);
      if (!(res instanceof Error) && res.data?.thread) views++;
      return res;
    };
    await api.ok(THREAD, { s: cached });
    for (let i = 0; i < 5; i++) await view(); // just before the outage: still in the server's buffer
    const before = await fingerprint(sql);

    // The outage.
    await cluster.stop();
    const stoppedAt = Date.now();
    const saw503 = await waitFor(async () => (await api.healthz()).status === 503, 5000, 100);
    const duringOutage: [string, () => Promise<GqlResponse | Error>][] = [
      ...uncached.map((s): [string, () => Promise<GqlResponse | Error>] => [`thread(${s})`, () => api.gql(THREAD, { s })]),
      [`thread(${cached}) (cached)`, () => api.gql(THREAD, { s: cached })],
      [`thread(${viewed}) (viewed)`, view],
      ['threads', () => api.gql(VIEWS, { c: 'outage' })],
      ['categories', () => api.gql(`{ categories { slug threadCount } }`)],
      ['createPost', () => api.gql(`mutation($s: String!) { createPost(input: { threadSlug: $s, body: "lost?" }) { id } }`, { s: cached }, token)],
      ['login', () => api.gql(`mutation { login(username: "nobody_here", password: "wrong-password") { token } }`)],
      ['createThread', () => api.gql(`mutation { createThread(input: { categorySlug: "outage", title: "Never", body: "x" }) { slug } }`, {}, token)],
    ];
    const wrongNulls: string[] = [];
    let answered = 0;
    let slowest = 0;
    for (let round = 0; round < 10 && (round < 3 || Date.now() - stoppedAt < 6000); round++) {
      for (const [what, call] of duringOutage) {
        const t0 = Date.now();
        const res = await call().catch((e: Error) => e);
        slowest = Math.max(slowest, Date.now() - t0);
        answered++;
        const bad = badAnswer(what, res);
        if (bad) badAnswers.push(bad);
        if (!(res instanceof Error) && what.startsWith('thread(') && res.data?.thread === null && !res.errors) {
          wrongNulls.push(`${what} answered null (no error) while the thread exists`);
        }
      }
      await sleep(500);
    }
    const alive = server.alive;
    lines.push(`during a ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s outage: /healthz 503: ${saw503 ? 'yes' : 'NO'}; `
      + `${answered} requests, ${badAnswers.length} without a coded answer, ${wrongNulls.length} wrong "not found", slowest answer ${slowest} ms; `
      + `server up: ${alive ? 'yes' : 'NO'}`);
    if (slowest > 3000) problems.push(`a request took ${slowest} ms to answer during the outage (clients time out; fail fast)`);
    if (!saw503) problems.push('/healthz never answered 503 while PostgreSQL was down');
    if (!alive) problems.push('the server died during the outage');
    problems.push(...badAnswers.slice(0, 5), ...wrongNulls.slice(0, 3));

    // Recovery, by itself.
    await cluster.start();
    const restartedAt = Date.now();
    const recovered = await waitFor(async () => (await api.healthz()).status === 200, 20_000, 100);
    lines.push(`PostgreSQL back: /healthz 200 ${recovered ? `after ${Date.now() - restartedAt} ms` : 'NEVER'}`);
    if (!recovered) problems.push('the server did not recover after PostgreSQL came back');

    const after = await fingerprint(sql);
    if (after !== before) problems.push('a mutation refused during the outage changed the database');
    const truth = await sql.unsafe(`select slug, title, post_count from threads where deleted_at is null`);
    const wrong: string[] = [];
    for (const row of truth) {
      const res = await api.gql(THREAD, { s: row.slug });
      views += row.slug === viewed && res.data?.thread ? 1 : 0;
      const t = res.data?.thread;
      if (!t || t.title !== row.title || t.postCount !== row.post_count) wrong.push(`${row.slug}: ${JSON.stringify(t ?? res.errors)}`);
    }
    lines.push(`after recovery: ${truth.length - wrong.length} of ${truth.length} threads read as the database has them`);
    if (wrong.length > 0) problems.push(`threads read wrong after recovery (cached during the outage?): ${wrong.slice(0, 3).join(' | ')}`);

    let shown = -1;
    const viewsShown = await waitFor(async () => {
      const res = await api.gql(VIEWS, { c: 'outage' });
      shown = res.data?.threads.nodes.find((n: any) => n.slug === viewed)?.viewCount ?? -1;
      return shown === views;
    }, 15_000, 500);
    lines.push(`views: ${views} counted (5 just before the outage, the rest during and after), ${shown} shown${viewsShown ? '' : ' after 15 s'}`);
    if (!viewsShown) problems.push(`buffered views were lost or doubled: ${views} counted, ${shown} shown`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
    api.close();
    await server.stop();
    await cluster.stop();
    cluster.remove();
  }
  return { report: { name: 'postgres outage', ok: problems.length === 0, lines, problems }, failedRequests: badAnswers.length };
}
