// throwaway: CPU of the forum process per operation (not committed)
import { connect, writers as benchWriters } from './lib/bench-db.js';
import { loadCatalog } from './lib/catalog.js';
import { cpuUsPrecise } from './lib/cpu.js';
import { body, categoriesBody, CREATE_POST, EDIT_POST, post, threadListBody, threadPageBody, TOGGLE_REACTION } from './lib/queries.js';
import { flushTargetRedis, startServer, TARGETS } from './lib/servers.js';

const databaseUrl = 'postgres://postgres@127.0.0.1:5432/forum_bench';
const redisUrl = 'redis://127.0.0.1:6379';
const sql = connect(databaseUrl);
const catalog = await loadCatalog(sql);
const ws = await benchWriters(sql, 4);
await flushTargetRedis(redisUrl);
const server = await startServer(TARGETS.find((t) => t.name === (process.env.TARGET ?? 'forum-redis'))!, { databaseUrl, redisUrl, env: process.env.FP ? { RESPONSE_FAST_PATH: 'off' } : {} });
const costs = new Map<string, number[]>();
const measure = async (label: string, fn: () => Promise<unknown>) => {
  await new Promise((r) => setTimeout(r, 5));
  const a = cpuUsPrecise(server.pid);
  const r: any = await fn();
  await new Promise((r) => setTimeout(r, 30)); // after-commit work
  const b = cpuUsPrecise(server.pid);
  if (r?.json?.errors) console.log(label, JSON.stringify(r.json.errors).slice(0, 200));
  let l = costs.get(label); if (!l) costs.set(label, l = []); l.push(b - a);
};
const auth = (i: number) => ({ authorization: `Bearer ${ws[i % ws.length]!.token}` });
const threads = catalog.threads.slice(100, 160);
for (const [i, t] of threads.entries()) {
  await post(server.graphql, threadPageBody(t.slug)); await post(server.graphql, threadListBody(t.categorySlug)); await post(server.graphql, categoriesBody());
  await measure('hit thread page', () => post(server.graphql, threadPageBody(t.slug)));
  await measure('reaction', () => post(server.graphql, body(TOGGLE_REACTION, { postId: String(t.firstPostId), type: 'LIKE' }), auth(i)));
  await measure('miss thread page after reaction', () => post(server.graphql, threadPageBody(t.slug)));
  await measure('reply', () => post(server.graphql, body(CREATE_POST, { input: { threadSlug: t.slug, body: `A reply from the benchmark (${i}).` } }), auth(i)));
  await measure('miss thread page after reply', () => post(server.graphql, threadPageBody(t.slug)));
  await measure('miss list after reply', () => post(server.graphql, threadListBody(t.categorySlug)));
  await measure('miss categories after reply', () => post(server.graphql, categoriesBody()));
  await measure('edit', () => post(server.graphql, body(EDIT_POST, { id: String(t.firstPostId), body: `Edited by the benchmark (edit ${i}).` }), auth(i)));
  await measure('miss thread page after edit', () => post(server.graphql, threadPageBody(t.slug)));
}
await server.stop();
const med = (l: number[]) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)]!;
for (const [k, l] of costs) console.log(`${k.padEnd(36)} median ${(med(l.slice(10)) / 1000).toFixed(2)} ms CPU  (n=${l.length - 10})`);
await sql.end();
