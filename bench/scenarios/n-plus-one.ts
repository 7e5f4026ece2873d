// Scenario 5, N+1 check: SQL statements for one uncached thread page with 20, 50 and 100 posts, and for one
// uncached list with 10, 50 and 100 threads, on the CACHE=off server. Flat in page size means no N+1.
import { post, threadListBody, threadPageBody } from '../lib/queries.js';
import { delta, scrape } from '../lib/scrape.js';
import type { RunningServer } from '../lib/servers.js';

export interface StatementCount { kind: 'thread page' | 'thread list'; size: number; items: number; statements: number }

/** The fewest statements over a few tries (a view-count flush can land inside one). */
async function statementsFor(server: RunningServer, body: string): Promise<{ statements: number; data: any }> {
  let best = Infinity;
  let data: any = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await scrape(server.base);
    const response = await post(server.graphql, body);
    const after = await scrape(server.base);
    if (response.status !== 200 || response.json.errors) throw new Error(`N+1 check: ${response.text.slice(0, 300)}`);
    data = response.json.data;
    best = Math.min(best, delta(before, after, 'forum_db_queries_total'));
  }
  return { statements: best, data };
}

export async function measureNPlusOne(server: RunningServer, longThread: string | null, busyCategory: string): Promise<StatementCount[]> {
  const counts: StatementCount[] = [];
  if (longThread) {
    for (const size of [20, 50, 100]) {
      const { statements, data } = await statementsFor(server, threadPageBody(longThread, size));
      counts.push({ kind: 'thread page', size, items: data.thread.posts.nodes.length, statements });
    }
  }
  for (const size of [10, 50, 100]) {
    const { statements, data } = await statementsFor(server, threadListBody(busyCategory, size));
    counts.push({ kind: 'thread list', size, items: data.threads.nodes.length, statements });
  }
  process.stderr.write(`  N+1: ${counts.map((c) => `${c.kind} ${c.size}: ${c.statements}`).join(', ')}\n`);
  return counts;
}
